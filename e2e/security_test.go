//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/internal/testsite"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
)

// idbDump is every IndexedDB database of the extension as text: each
// store's keys, its values as JSON, and its Blobs' bytes as text.
const idbDump = `(async () => {
  const out = [];
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise((ok, ko) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
    for (const store of db.objectStoreNames) {
      const [keys, vals] = await new Promise((ok, ko) => {
        const tx = db.transaction(store);
        const s = tx.objectStore(store);
        const k = s.getAllKeys();
        const v = s.getAll();
        tx.oncomplete = () => ok([k.result, v.result]);
        tx.onerror = () => ko(tx.error);
      });
      out.push(name + '/' + store + ' ' + JSON.stringify(keys));
      for (const v of vals) out.push(v instanceof Blob ? await v.text() : JSON.stringify(v));
    }
    db.close();
  }
  return out.join('\n');
})()`

// TestWeChatPageShareKeepsNoSecret (issue 14, findings 1 and the
// redirect): "Send to WeChat" used on the simulated web WeChat page
// itself, on every kind of link and media it shows, each URL carrying
// the session's keys as the real page's do (§1.4, §7): a message's image,
// video, voice and file are sent as that media (fetched again from the
// session), a link WeChat wraps (webwxcheckurl) as the page it leads to;
// an avatar's URL is refused, and so is a selection holding the skey. A
// site's link that redirects to a WeChat host fails with
// REDIRECT_REFUSED. An auto-save rule saves the media meanwhile, so that
// the download history is not empty. Then no secret of the session
// (skey, pass_ticket, data ticket, sid, uin) is in storage.local, in
// IndexedDB, in any message wxsim received, or in the download history.
func TestWeChatPageShareKeepsNoSecret(t *testing.T) {
	t.Parallel()
	need(t)
	downloads, profile, ext := t.TempDir(), t.TempDir(), t.TempDir()
	prefs, _ := json.Marshal(map[string]any{"download": map[string]any{"default_directory": downloads, "prompt_for_download": false, "directory_upgrade": true}})
	if err := os.MkdirAll(filepath.Join(profile, "Default"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(profile, "Default", "Preferences"), prefs, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := GrantedCopy(root, ext, siteOrigin+"/*", "downloads"); err != nil {
		t.Fatal(err)
	}
	sim, br, _ := newPageEnvOf(t, nil, ext, profile)
	ctx := context.Background()
	sess, _ := sim.CurrentSession()

	// Every medium that reaches the page is saved (the download history).
	save := rules.Config{On: true, Rules: []rules.Rule{{ID: "save", Kind: rules.KindSave, On: true, Folder: "wxdrop-e2e"}}}
	if err := br.Ask(ctx, msg.SetRules, save, nil); err != nil {
		t.Fatal(err)
	}
	// A first message makes 张三 (remark 老张) a recent chat of the menu.
	first, err := br.AddText(ctx, sim.UserName("zhangsan"), "你好", time.Time{}, msg.RepeatNone)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := br.WaitEntry(ctx, first.ID, 30*time.Second, "sent", func(e msg.Entry) bool { return e.State == msg.EntrySent }); err != nil {
		t.Fatal(err)
	}
	item := core.ChatMenuID("张三", "老张", false)

	deliver := func(in wxsim.Incoming) wxsim.Message {
		m, err := sim.Deliver(in)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	voice := []byte("ID3\x03" + strings.Repeat("v", 3000))
	img := deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgImage, Data: testsite.PNG})
	vid := deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgVideo, FileName: "clip.mp4", Data: testsite.MP4, PlayLength: 2})
	voi := deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgVoice, Data: voice, VoiceLength: 2000})
	file := deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgApp, FileName: "周报 12.pdf", Data: testsite.PDF})

	page := "https://" + sess.Host + "/?&lang=zh_CN"
	wrapped := sess.CheckURL(siteOrigin + testsite.PagePath)
	icon := sess.IconURL(sim.UserName("lisi"))
	// What a site can send a download on to: it knows no skey.
	weChatTarget := "https://" + sess.Host + "/cgi-bin/mmwebwx-bin/webwxgetmsgimg?&MsgID=" + img.MsgID
	s := &shareEnv{t: t, sim: sim, br: br}
	for _, tc := range []struct {
		name string
		info map[string]string
		// typ: the Type wxsim receives; data its bytes, or text its
		// content. code: the entry's error, or the click's refusal (no
		// entry) when typ is 0 and refusal is set.
		typ     int
		data    []byte
		text    string
		code    msg.Code
		refusal bool
	}{
		{"a message's image", map[string]string{"mediaType": "image", "srcUrl": sess.MediaURL(img)}, 3, testsite.PNG, "", "", false},
		{"a message's video", map[string]string{"mediaType": "video", "srcUrl": sess.MediaURL(vid)}, 43, testsite.MP4, "", "", false},
		{"a message's voice", map[string]string{"mediaType": "audio", "srcUrl": sess.MediaURL(voi)}, 6, voice, "", "", false},
		{"a message's file", map[string]string{"linkUrl": sess.MediaURL(file)}, 6, testsite.PDF, "", "", false},
		{"a link WeChat wraps", map[string]string{"linkUrl": wrapped}, 1, nil, testsite.PageTitle + "\n" + siteOrigin + testsite.PagePath, "", false},
		{"an avatar", map[string]string{"mediaType": "image", "srcUrl": icon}, 0, nil, "", msg.ErrWeChatURL, true},
		{"a selection with the skey", map[string]string{"selectionText": "看这个 " + sess.Skey}, 0, nil, "", msg.ErrSessionSecret, true},
		{"a site's link that redirects to WeChat", map[string]string{"linkUrl": siteOrigin + testsite.RedirectTo(weChatTarget), "pageUrl": siteOrigin + testsite.PagePath}, 0, nil, "", msg.ErrRedirectRefused, false},
	} {
		// Each case stands alone: a failed one leaves the others, and the
		// scan below, to run.
		t.Run(tc.name, func(t *testing.T) {
			s.t = t
			info := map[string]string{"pageUrl": page}
			for k, v := range tc.info {
				info[k] = v
			}
			before := s.known()
			sent := len(sim.Messages())
			menuClick(t, br, item, info)
			if tc.refusal {
				waitNotification(t, br, "wxdrop:share")
				if after := s.known(); len(after) != len(before) {
					t.Errorf("a refused click made an entry")
				}
				if len(sim.Messages()) != sent {
					t.Errorf("a refused click sent something")
				}
				return
			}
			e := s.newest(before, tc.name, 60*time.Second, final)
			if tc.code != "" {
				if e.State != msg.EntryFailed || e.Error == nil || e.Error.Code != tc.code {
					t.Fatalf("want failed %s; got %s", tc.code, DescribeEntry(e))
				}
				return
			}
			if e.State != msg.EntrySent {
				t.Fatalf("%s", DescribeEntry(e))
			}
			m := s.message(e)
			if m.Type != tc.typ {
				t.Errorf("sent as Type %d, want %d", m.Type, tc.typ)
			}
			if tc.data == nil {
				if m.Content != tc.text {
					t.Errorf("text %q, want %q", m.Content, tc.text)
				}
				return
			}
			if md, ok := sim.Media(m.MediaID); !ok || testsite.MD5(md.Data) != testsite.MD5(tc.data) {
				t.Errorf("wxsim holds other bytes than the message's")
			}
		})
	}
	s.t = t

	t.Run("Choose chat… on a message's image", func(t *testing.T) {
		s.t = t
		s.chooseImage(map[string]string{"pageUrl": page, "mediaType": "image", "srcUrl": strings.TrimSuffix(sess.MediaURL(img), "&type=slave")}, "🖼…").Close()
	})
	s.t = t

	// The four saves are in the download history.
	var history []string
	deadline := time.Now().Add(60 * time.Second)
	for {
		history, err = ExtEval[[]string](ctx, br, `chrome.downloads.search({}).then((items) => items.filter((i) => i.state === 'complete').map((i) => [i.url, i.finalUrl, i.filename, i.referrer].join(' ')))`)
		if err == nil && len(history) >= 4 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the download history holds %q (%v), want the 4 saves", history, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	local, err := ExtEval[string](ctx, br, `chrome.storage.local.get(null).then((o) => JSON.stringify(o))`)
	if err != nil {
		t.Fatal(err)
	}
	idb, err := ExtEval[string](ctx, br, idbDump)
	if err != nil {
		t.Fatal(err)
	}
	places := map[string]string{"storage.local": local, "IndexedDB": idb, "the download history": strings.Join(history, "\n")}
	var received []string
	for _, m := range sim.Messages() {
		if !m.Incoming {
			received = append(received, m.Content+" "+m.FileName)
		}
	}
	places["the messages wxsim received"] = strings.Join(received, "\n")
	if !strings.Contains(local, img.MsgID) {
		t.Errorf("storage.local does not hold the image's MsgID: the scan would not see what it keeps")
	}
	dec, _ := url.QueryUnescape(sess.PassTicket)
	secrets := map[string]string{"skey": sess.Skey, "pass_ticket": sess.PassTicket, "pass_ticket decoded": dec, "data ticket": sess.DataTicket, "sid": sess.Sid}
	for where, text := range places {
		for name, v := range secrets {
			for _, form := range []string{v, url.QueryEscape(v), url.QueryEscape(url.QueryEscape(v))} {
				if len(form) >= 4 && strings.Contains(text, form) {
					t.Errorf("the %s is in %s", name, where)
				}
			}
		}
		if hasNumber(text, strconv.FormatInt(sess.Uin, 10)) {
			t.Errorf("the uin is in %s", where)
		}
	}
}

// hasNumber reports whether n is in text as a number of its own.
func hasNumber(text, n string) bool {
	isDigit := func(i int) bool { return i >= 0 && i < len(text) && text[i] >= '0' && text[i] <= '9' }
	for i := 0; ; {
		j := strings.Index(text[i:], n)
		if j < 0 {
			return false
		}
		at := i + j
		if !isDigit(at-1) && !isDigit(at+len(n)) {
			return true
		}
		i = at + 1
	}
}

// TestCatastrophicPatternOnThePage (issue 14, finding 2): a reply rule
// whose pattern takes a backtracking engine exponential time,
// `(\w+\s?)+$`, meets a 16 KB text that does not match, sent by a
// contact; the next text, which matches, is answered. (The browser's
// RegExp took 3.5 s on 26 characters, doubling with each: the worker
// would never have reached the second text.)
func TestCatastrophicPatternOnThePage(t *testing.T) {
	t.Parallel()
	sim, br, _ := newPageEnvOf(t, nil, root, "")
	ctx := context.Background()
	cfg := rules.Config{On: true, Rules: []rules.Rule{{ID: "evil", Kind: rules.KindReply, On: true, Match: rules.MatchRegexp, Pattern: `(\w+\s?)+$`, Reply: "收到", CooldownSec: 1}}}
	if err := br.Ask(ctx, msg.SetRules, cfg, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgText, Text: strings.Repeat("x", 16<<10-1) + "!"}); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Deliver(wxsim.Incoming{From: "lisi", Type: wxsim.MsgText, Text: "hello world"}); err != nil {
		t.Fatal(err)
	}
	// The bound only stops a test that would hang.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var answers []string
		for _, m := range sim.Messages() {
			if !m.Incoming && m.ToKey == "lisi" {
				answers = append(answers, m.Content)
			}
		}
		if len(answers) == 1 && answers[0] == "收到" {
			return
		}
		if len(answers) > 1 || time.Now().After(deadline) {
			t.Fatalf("lisi was answered %q; want one 收到, to the text that matches", answers)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
