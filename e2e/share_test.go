//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/internal/testsite"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// The test site's hosts: files.test is allowed (as if the person had
// said yes to the browser's prompt), other.test is not.
const (
	siteHost   = "files.test"
	siteOrigin = "https://" + siteHost
	otherHost  = "other.test"
)

// shareEnv is a browser of its own with the extension allowed to read
// the test site, wxsim, and the site.
type shareEnv struct {
	t    *testing.T
	sim  *wxsim.Server
	site *testsite.Site
	br   *Browser
	log  *Log
}

func newShareEnv(t *testing.T) *shareEnv {
	t.Helper()
	return newShareEnvGranting(t)
}

// newShareEnvGranting is newShareEnv with access to the other sites too
// (origins such as "https://other.test/*").
func newShareEnvGranting(t *testing.T, others ...string) *shareEnv {
	t.Helper()
	need(t)
	sim, err := wxsim.New(wxsim.Config{SyncHold: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	s := &shareEnv{t: t, sim: sim, site: testsite.New(), log: &Log{}}
	dir, err := os.MkdirTemp("", "wxdrop-e2e-granted-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() || *keepLog {
			dumpState(t, s.br, sim, s.log)
		}
		if s.br != nil {
			s.br.Close()
		}
		sim.Close()
		s.site.Close()
		os.RemoveAll(dir)
	})
	if _, err := GrantedCopy(root, dir, append([]string{siteOrigin + "/*"}, others...)...); err != nil {
		t.Fatal(err)
	}
	rules := sim.ResolverRules() + ", MAP " + siteHost + " " + s.site.Addr() + ", MAP " + otherHost + " " + s.site.Addr()
	s.br, err = Start(context.Background(), Options{Extensions: []string{dir}, ResolverRules: rules, WatchWorkers: true, Log: s.log})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := s.br.OpenWeChat(ctx, "wechat", true); err != nil {
		t.Fatal(err)
	}
	sess, _ := sim.CurrentSession()
	if err := s.br.WaitReady(ctx, sess.UserName, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	return s
}

// click calls the worker's context-menu handler as the browser does.
func (s *shareEnv) click(item string, info map[string]string) {
	s.t.Helper()
	menuClick(s.t, s.br, item, info)
}

// menuClick calls the worker's context-menu handler as the browser does,
// for a click on the test site's page unless info says another pageUrl.
func menuClick(t *testing.T, br *Browser, item string, info map[string]string) {
	t.Helper()
	in := map[string]string{"menuItemId": item, "pageUrl": siteOrigin + testsite.PagePath}
	for k, v := range info {
		in[k] = v
	}
	a, _ := json.Marshal(in)
	tab, _ := json.Marshal(map[string]string{"title": testsite.PageTitle, "url": in["pageUrl"]})
	// The click's promise settles when its entry is sent, a 30 MB file's
	// upload included: at a load of 30 that took more than 20 s.
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	if _, err := br.EvalWorker(ctx, ExtensionID, fmt.Sprintf(`wxdropMenuClicked(%s, %s).then(() => true)`, a, tab)); err != nil {
		t.Fatalf("the worker's wxdropMenuClicked: %v", err)
	}
}

// chooseImage clicks "Choose chat…" on the image info names, checks that
// the popup shows it as shown, picks 李四 there and sends: the image
// reaches lisi. The popup is left open, for the caller to close.
func (s *shareEnv) chooseImage(info map[string]string, shown string) *Tab {
	t := s.t
	t.Helper()
	before := s.known()
	s.click("choose", info)
	popup, err := s.br.NewTab(popupURL, "popup")
	if err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(popup.Ctx, `document.body.dataset.ready === '1' && !document.querySelector('#share').hidden`, 20*time.Second, "#share in the popup"); err != nil {
		popup.Close()
		t.Fatal(err)
	}
	if got, _ := Eval[string](popup.Ctx, `document.querySelector('#share-what').textContent`); got != shown {
		t.Errorf("#share-what shows %q, want %q", got, shown)
	}
	pick(t, popup, "ls", s.sim.UserName("lisi"), "李四")
	click(t, popup, "#send")
	e := s.newest(before, "chosen", 30*time.Second, final)
	if e.State != msg.EntrySent {
		popup.Close()
		t.Fatalf("%s", DescribeEntry(e))
	}
	if m := s.message(e); m.ToKey != "lisi" || m.Type != 3 {
		t.Errorf("went to %q as Type %d; want lisi, 3", m.ToKey, m.Type)
	}
	return popup
}

// known is the ids of the outbox's entries now.
func (s *shareEnv) known() map[string]bool {
	s.t.Helper()
	ob, err := s.br.Outbox(context.Background())
	if err != nil {
		s.t.Fatal(err)
	}
	ids := map[string]bool{}
	for id := range ob.Entries {
		ids[id] = true
	}
	return ids
}

// newest waits for the newest entry not in before to end (or to match
// done) and returns it.
func (s *shareEnv) newest(before map[string]bool, what string, timeout time.Duration, done func(msg.Entry) bool) msg.Entry {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ob, err := s.br.Outbox(context.Background())
		var last msg.Entry
		if err == nil {
			for _, e := range ob.Entries {
				if !before[e.ID] && e.Created > last.Created {
					last = e
				}
			}
			if last.ID != "" && done(last) {
				return last
			}
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s: the newest entry is %s after %v (%v)", what, DescribeEntry(last), timeout, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// message is the one wxsim message of a ClientMsgId.
func (s *shareEnv) message(e msg.Entry) wxsim.Message {
	s.t.Helper()
	var found []wxsim.Message
	for _, m := range s.sim.Messages() {
		if m.ClientMsgID == e.ClientMsgID && !m.Incoming {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		s.t.Fatalf("entry %s: %d messages at wxsim, want 1", DescribeEntry(e), len(found))
	}
	return found[0]
}

// TestShareFromPages: each context-menu action on a page of the test site
// ends in wxsim with the right message type, name and bytes; what cannot
// be read fails with a notification and stays to be sent again; "Choose
// chat…" goes through the popup's picker; the keyboard command sends the
// page to the chat used last.
func TestShareFromPages(t *testing.T) {
	t.Parallel()
	s := newShareEnv(t)
	ctx := context.Background()
	zhangsan := s.sim.UserName("zhangsan")
	step := func(name string, f func(t *testing.T)) {
		if !t.Run(name, f) {
			t.FailNow()
		}
	}

	// The person is logged in on the site: its PDF needs the cookie.
	site, err := s.br.NewTab(siteOrigin+testsite.LoginPath, "site")
	if err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(site.Ctx, `document.title === 'logged in'`, 20*time.Second, "the test site's login page"); err != nil {
		t.Fatal(err)
	}
	// A first message makes 张三 (remark 老张) a recent chat of the menu.
	first, err := s.br.AddText(ctx, zhangsan, "你好", time.Time{}, msg.RepeatNone)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.br.WaitEntry(ctx, first.ID, 30*time.Second, "sent", func(e msg.Entry) bool { return e.State == msg.EntrySent }); err != nil {
		t.Fatal(err)
	}
	item := core.ChatMenuID("张三", "老张", false)
	step("the menu lists the chat sent to", func(t *testing.T) {
		// No API lists the menu; updating an item fails for an id that is
		// not there.
		mctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		for _, id := range []string{"share", item, "choose"} {
			expr := fmt.Sprintf(`chrome.contextMenus.update(%s, {}).then(() => true)`, jsString(id))
			var err error
			for try := 0; try < 50; try++ {
				if _, err = s.br.EvalWorker(mctx, ExtensionID, expr); err == nil {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if err != nil {
				t.Errorf("menu item %q: %v", id, err)
			}
		}
	})
	page := siteOrigin + testsite.PagePath
	const big = 30<<20 + 123

	tests := []struct {
		name string
		info map[string]string
		typ  int
		file string
		data []byte
		text string
	}{
		{"image", map[string]string{"mediaType": "image", "srcUrl": siteOrigin + testsite.ImagePath}, 3, "photo.png", testsite.PNG, ""},
		{"GIF, as an emoticon", map[string]string{"mediaType": "image", "srcUrl": siteOrigin + testsite.GIFPath}, 47, "", testsite.GIF, ""},
		{"video", map[string]string{"mediaType": "video", "srcUrl": siteOrigin + testsite.VideoPath}, 43, "clip.mp4", testsite.MP4, ""},
		{"PDF behind the site's login", map[string]string{"linkUrl": siteOrigin + testsite.PDFPath}, 6, testsite.PDFName, testsite.PDF, ""},
		{"30 MB file", map[string]string{"linkUrl": siteOrigin + testsite.BigPath(big)}, 6, "big-31457403.bin", s.site.Big(big), ""},
		{"link to a page", map[string]string{"linkUrl": page}, 1, "", nil, testsite.PageTitle + "\n" + page},
		{"selection", map[string]string{"selectionText": "下周一之前交。"}, 1, "", nil, "下周一之前交。\n" + page},
		{"the page", nil, 1, "", nil, testsite.PageTitle + "\n" + page},
	}
	for _, tt := range tests {
		step(tt.name, func(t *testing.T) {
			s.t = t
			before := s.known()
			s.click(item, tt.info)
			e := s.newest(before, tt.name, 90*time.Second, final)
			if e.State != msg.EntrySent {
				t.Fatalf("%s: %s", tt.name, DescribeEntry(e))
			}
			m := s.message(e)
			if m.ToKey != "zhangsan" || m.Type != tt.typ {
				t.Errorf("went to %q as Type %d; want zhangsan, %d", m.ToKey, m.Type, tt.typ)
			}
			if tt.data == nil {
				if m.Content != tt.text {
					t.Errorf("text %q, want %q", m.Content, tt.text)
				}
				return
			}
			if tt.file != "" && m.FileName != tt.file {
				t.Errorf("named %q, want %q", m.FileName, tt.file)
			}
			md, ok := s.sim.Media(m.MediaID)
			if !ok || testsite.MD5(md.Data) != testsite.MD5(tt.data) {
				t.Errorf("wxsim holds %d bytes (MD5 %s); the site's are %d (MD5 %s)", len(md.Data), testsite.MD5(md.Data), len(tt.data), testsite.MD5(tt.data))
			}
			if tt.typ == 6 && len(tt.data) > 25<<20 && len(s.sim.RequestsTo("webwxcheckupload")) == 0 {
				t.Errorf("a file over 25 MiB went without webwxcheckupload")
			}
		})
	}
	s.t = t

	step("a slow download holds its own entry only", func(t *testing.T) {
		s.t = t
		before := s.known()
		// The click's handler keeps the worker awake until the outbox's
		// run is over, the download included: it is not awaited here.
		in, _ := json.Marshal(map[string]string{"menuItemId": item, "pageUrl": page, "linkUrl": siteOrigin + testsite.SlowPath})
		tab, _ := json.Marshal(map[string]string{"title": testsite.PageTitle, "url": page})
		if _, err := s.br.EvalWorker(ctx, ExtensionID, fmt.Sprintf(`(wxdropMenuClicked(%s, %s), true)`, in, tab)); err != nil {
			t.Fatal(err)
		}
		slow := s.newest(before, "slow download", 30*time.Second, func(e msg.Entry) bool { return e.State == msg.EntryUploading })
		text, err := s.br.AddText(ctx, "filehelper", "下载慢也不耽误", time.Time{}, msg.RepeatNone)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.br.WaitEntry(ctx, text.ID, 30*time.Second, "sent while the download goes on", func(e msg.Entry) bool { return e.State == msg.EntrySent }); err != nil {
			t.Fatal(err)
		}
		s.site.ReleaseSlow()
		e, err := s.br.WaitEntry(ctx, slow.ID, 60*time.Second, "sent once its download came", final)
		if err != nil {
			t.Fatal(err)
		}
		if e.State != msg.EntrySent {
			t.Fatalf("the slow file: %s", DescribeEntry(e))
		}
		if md, ok := s.sim.Media(s.message(e).MediaID); !ok || testsite.MD5(md.Data) != testsite.MD5(s.site.Big(testsite.SlowSize)) {
			t.Errorf("wxsim holds another file than the site's")
		}
	})

	step("a site not allowed fails, says so, and the entry stays", func(t *testing.T) {
		s.t = t
		before := s.known()
		s.click(item, map[string]string{"mediaType": "image", "srcUrl": "https://" + otherHost + testsite.ImagePath})
		e := s.newest(before, "other site", 30*time.Second, final)
		if e.State != msg.EntryFailed || e.Error == nil || e.Error.Code != msg.ErrNoSiteAccess || e.Source == nil {
			t.Fatalf("want failed NO_SITE_ACCESS with its source kept; got %s", DescribeEntry(e))
		}
		if e.Error.Detail != otherHost {
			t.Errorf("the error names %q, want the site %q", e.Error.Detail, otherHost)
		}
		waitNotification(t, s.br, NotificationID(e.ID, false))
	})

	step("a file the site refuses fails, says so, and the entry stays", func(t *testing.T) {
		s.t = t
		before := s.known()
		s.click(item, map[string]string{"mediaType": "image", "srcUrl": siteOrigin + testsite.MissingPath})
		e := s.newest(before, "missing", 30*time.Second, final)
		if e.State != msg.EntryFailed || e.Error == nil || e.Error.Code != msg.ErrSourceRefused || e.Error.Detail != "404" {
			t.Fatalf("want failed SOURCE_REFUSED 404; got %s", DescribeEntry(e))
		}
		waitNotification(t, s.br, NotificationID(e.ID, false))
	})

	step("Choose chat… leaves the link for the popup's picker", func(t *testing.T) {
		s.t = t
		popup := s.chooseImage(map[string]string{"mediaType": "image", "srcUrl": siteOrigin + testsite.ImagePath}, siteOrigin+testsite.ImagePath)
		defer popup.Close()
		if err := WaitJS(popup.Ctx, `document.querySelector('#share').hidden`, 10*time.Second, "#share hidden once sent"); err != nil {
			t.Error(err)
		}
	})

	step("the keyboard command sends the page to the chat used last", func(t *testing.T) {
		s.t = t
		before := s.known()
		cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if _, err := s.br.EvalWorker(cctx, ExtensionID, `wxdropCommand('send-page', {title: '另一页', url: 'https://files.test/other'}).then(() => true)`); err != nil {
			t.Fatal(err)
		}
		e := s.newest(before, "command", 30*time.Second, final)
		m := s.message(e)
		if m.ToKey != "lisi" || m.Content != "另一页\nhttps://files.test/other" {
			t.Errorf("sent %q to %q; want the page to lisi, the chat used last", m.Content, m.ToKey)
		}
	})
	if r := s.sim.Rejections(); len(r) > 0 {
		t.Errorf("wxsim refused: %v", r)
	}
}

// waitNotification waits for a notification of the extension.
func waitNotification(t *testing.T, br *Browser, id string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ids, err := br.Notifications(context.Background())
		for _, x := range ids {
			if x == id {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no notification %q (have %q, %v)", id, ids, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
