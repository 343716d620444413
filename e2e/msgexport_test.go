//go:build !js

package e2e

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
)

// TestExportMessages: with keeping on, a text (one that would run a
// script, were it not escaped) and an image reach the simulated page;
// the options export the chat as JSON and as the page's zip, saved to
// Downloads, read back row by row, the image's bytes those wxsim served;
// the README's exportMessages example runs as written.
func TestExportMessages(t *testing.T) {
	t.Parallel()
	need(t)
	downloads, profile, ext := withDownloads(t)
	sim, br, page := newPageEnvOf(t, wxsim.DefaultPeople(), ext, profile)
	opts := openOptions(t, br, "#recall-on")
	if on, _ := Eval[bool](opts.Ctx, `document.querySelector('#api-enabled').checked`); !on {
		click(t, opts, "#api-enabled")
	}
	click(t, opts, "#recall-on")
	click(t, opts, "#recall-save")
	if err := WaitJS(opts.Ctx, `!document.querySelector('#recall-saved').hidden`, 10*time.Second, "keeping saved"); err != nil {
		t.Fatal(err)
	}
	hostile := `<script>document.title='ran'</script><img src=x onerror="document.title='ran'"> <a href="javascript:alert(1)">点</a>`
	text, err := sim.Deliver(wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgText, Text: hostile})
	if err != nil {
		t.Fatal(err)
	}
	pic := recallPNG(t)
	img, err := sim.Deliver(wxsim.Incoming{From: "zhangsan", Type: wxsim.MsgImage, FileName: "photo.png", Data: pic})
	if err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(opts.Ctx, `chrome.runtime.sendMessage({name: 'recall.get'}).then((r) => r.ok.kept >= 2 && r.ok.media === 1)`, 30*time.Second, "the text and the image kept"); err != nil {
		t.Fatal(err)
	}
	// The picker reads the chats again when it is focused.
	if err := WaitJS(opts.Ctx, `(document.querySelector('#msgexport-chat').focus(), [...document.querySelector('#msgexport-chat').options].some((o) => o.textContent.startsWith('老张')))`, 20*time.Second, "老张 in the picker"); err != nil {
		t.Fatal(err)
	}
	if _, err := Eval[bool](opts.Ctx, `(() => { const s = document.querySelector('#msgexport-chat'); s.value = [...s.options].find((o) => o.textContent.startsWith('老张')).value; return true; })()`); err != nil {
		t.Fatal(err)
	}
	save := func(button, ext string) []byte {
		t.Helper()
		click(t, opts, button)
		if err := WaitJS(opts.Ctx, `(document.querySelector('#msgexport-state').dataset.saved || '').endsWith('`+ext+`')`, 30*time.Second, "the "+ext+" saved"); err != nil {
			shown, _ := Eval[string](opts.Ctx, `document.querySelector('#error').textContent`)
			t.Fatalf("%v: %s", err, shown)
		}
		saved, _ := Eval[string](opts.Ctx, `document.querySelector('#msgexport-state').dataset.saved`)
		data, err := os.ReadFile(filepath.Join(downloads, saved))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	type row struct {
		ID, From, Sender, Type, Text, Media string
		Time                                int64
	}
	var doc struct {
		ChatName string
		Messages []row
	}
	check := func(data []byte) {
		t.Helper()
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		if doc.ChatName != "老张" || len(doc.Messages) != 2 {
			t.Fatalf("the export: %+v", doc)
		}
		// The page's times are CreateTime's, in whole seconds (§4.2).
		if r := doc.Messages[0]; r.ID != text.MsgID || r.Type != "text" || r.Text != hostile || r.Sender != "老张" || r.Time != text.Time.Unix()*1000 {
			t.Errorf("the text's row: %+v", r)
		}
		if r := doc.Messages[1]; r.ID != img.MsgID || r.Type != "image" || !strings.HasPrefix(r.Media, "media/"+img.MsgID+"-") {
			t.Errorf("the image's row: %+v", r)
		}
	}
	check(save("#msgexport-json", ".json"))

	data := save("#msgexport-html", ".zip")
	shots := t.TempDir()
	if *docsShots {
		shots = filepath.Join(root, "docs")
	}
	shot := func(tab *Tab, sel, name string) {
		t.Helper()
		if err := chromedp.Do(tab.Ctx, chromedp.EmulateViewport(720, 560), chromedp.ScrollIntoView(sel)); err != nil {
			t.Error(err)
			return
		}
		if p, err := screenshot(tab, shots, name); err != nil {
			t.Error(err)
		} else {
			t.Logf("screenshot: %s", p)
		}
	}
	shot(opts, "#msgexport-state", "options-msgexport.png")
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = b
	}
	check(files["messages.json"])
	if !bytes.Equal(files[doc.Messages[1].Media], pic) {
		t.Errorf("the zip's image is %d bytes, not the %d wxsim served", len(files[doc.Messages[1].Media]), len(pic))
	}

	// The page, opened from the unzipped folder: nothing ran, the text is
	// shown as it was said, the image loads from beside it.
	dir := t.TempDir()
	for name, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	view, err := br.NewTab("file://"+filepath.Join(dir, "index.html"), "exported page")
	if err != nil {
		t.Fatal(err)
	}
	defer view.Close()
	if err := WaitJS(view.Ctx, `document.readyState === 'complete' && document.querySelector('img').complete`, 20*time.Second, "the exported page loaded"); err != nil {
		t.Fatal(err)
	}
	shot(view, "h1", "msgexport-page.png")
	got, err := Eval[string](view.Ctx, `JSON.stringify({title: document.title, scripts: document.scripts.length, cell: document.querySelector('tbody tr td.what').textContent, width: document.querySelector('img').naturalWidth})`)
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Title   string
		Scripts int
		Cell    string
		Width   int
	}
	if err := json.Unmarshal([]byte(got), &v); err != nil {
		t.Fatal(err)
	}
	if v.Title == "ran" || v.Scripts != 0 || v.Cell != hostile || v.Width != 96 || !strings.HasPrefix(v.Title, "老张") {
		t.Errorf("the exported page: %+v", v)
	}

	ex := readmeExample(t, "exportMessages(")
	if got := runExample(t, page, ex); got != "ok" {
		t.Fatalf("%s\n%s", got, ex)
	}
	if n, _ := Eval[int](page.Ctx, `window.exported.length`); n != 2 {
		t.Errorf("the README's example found %d messages", n)
	}
}
