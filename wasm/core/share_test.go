package core_test

import (
	"encoding/json"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/internal/testsite"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// shareFixture is a fixture with the test site at https://files.test/,
// which the extension may read, and a chat sent to once, so that the
// context menu lists it.
type shareFixture struct {
	*fixture
	site *testsite.Site
	// to is the menu item of the recent chat (老张).
	to string
}

const siteURL = "https://files.test"

func newShareFixture(t *testing.T) *shareFixture {
	t.Helper()
	f := &shareFixture{fixture: newFixture(t), site: testsite.New()}
	t.Cleanup(f.site.Close)
	jar, _ := cookiejar.New(nil)
	f.env.site = f.site.Client(jar)
	f.env.granted["https://files.test/*"] = true
	f.add(t, msg.AddBody{To: f.sim.UserName("zhangsan"), Text: "hello"})
	f.settle(t)
	f.to = f.menuItem(t, "老张")
	return f
}

// menuItem is the id of the menu's item titled title.
func (f *shareFixture) menuItem(t *testing.T, title string) string {
	t.Helper()
	f.env.mu.Lock()
	defer f.env.mu.Unlock()
	var titles []string
	for _, it := range f.env.menus {
		if it.Title == title {
			return it.ID
		}
		titles = append(titles, it.Title)
	}
	t.Fatalf("no menu item %q in %q", title, titles)
	return ""
}

// logInToSite gets the site's login cookie, as the person's browser has.
func (f *shareFixture) logInToSite(t *testing.T) {
	resp, err := f.env.site.Get(siteURL + testsite.LoginPath)
	require.NoError(t, err)
	resp.Body.Close()
}

// click is a context-menu click, as the worker script passes it on.
func (f *shareFixture) click(t *testing.T, item string, info map[string]string) {
	t.Helper()
	in := map[string]any{"menuItemId": item, "pageUrl": siteURL + testsite.PagePath}
	for k, v := range info {
		in[k] = v
	}
	arg, err := json.Marshal(map[string]any{"info": in, "tab": map[string]string{"title": testsite.PageTitle, "url": siteURL + testsite.PagePath}})
	require.NoError(t, err)
	require.NoError(t, f.core.Event(ctx, core.EventMenu, string(arg)))
	f.settle(t)
}

// last is the outbox's newest entry.
func (f *shareFixture) last(t *testing.T) msg.Entry {
	var newest msg.Entry
	for _, e := range f.entries(t) {
		if e.Created > newest.Created {
			newest = e
		}
	}
	return newest
}

func TestMenuSendsWhatWasClicked(t *testing.T) {
	t.Parallel()
	f := newShareFixture(t)
	f.logInToSite(t)
	page := siteURL + testsite.PagePath
	tests := []struct {
		name string
		info map[string]string
		// typ is the message's Type; name and data its file (none for a
		// text, whose content is text).
		typ  int
		file string
		data []byte
		text string
	}{
		{"image", map[string]string{"mediaType": "image", "srcUrl": siteURL + testsite.ImagePath}, 3, "photo.png", testsite.PNG, ""},
		{"image in a link", map[string]string{"mediaType": "image", "srcUrl": siteURL + testsite.ImagePath, "linkUrl": page}, 3, "photo.png", testsite.PNG, ""},
		{"GIF as an emoticon", map[string]string{"mediaType": "image", "srcUrl": siteURL + testsite.GIFPath}, 47, "", testsite.GIF, ""},
		{"video", map[string]string{"mediaType": "video", "srcUrl": siteURL + testsite.VideoPath}, 43, "clip.mp4", testsite.MP4, ""},
		{"PDF behind a login, named by the site", map[string]string{"linkUrl": siteURL + testsite.PDFPath}, 6, testsite.PDFName, testsite.PDF, ""},
		{"link to a page", map[string]string{"linkUrl": page}, 1, "", nil, testsite.PageTitle + "\n" + page},
		{"selection", map[string]string{"selectionText": "  下周一之前交。 "}, 1, "", nil, "下周一之前交。\n" + page},
		{"the page", nil, 1, "", nil, testsite.PageTitle + "\n" + page},
	}
	for _, tt := range tests {
		before := len(f.sim.Messages())
		f.click(t, f.to, tt.info)
		e := f.last(t)
		require.Equal(t, msg.EntrySent, e.State, "%s: %v", tt.name, e.Error)
		require.True(t, e.Shared, tt.name)
		msgs := f.sim.Messages()
		require.Len(t, msgs, before+1, tt.name)
		m := msgs[before]
		require.Equal(t, "zhangsan", m.ToKey, tt.name)
		require.Equal(t, tt.typ, m.Type, tt.name)
		if tt.data == nil {
			require.Equal(t, tt.text, m.Content, tt.name)
			continue
		}
		if tt.file != "" {
			require.Equal(t, tt.file, m.FileName, tt.name)
		}
		md, ok := f.sim.Media(m.MediaID)
		require.True(t, ok, tt.name)
		require.Equal(t, testsite.MD5(tt.data), testsite.MD5(md.Data), tt.name)
		// The person is told: the click had no window of its own.
		f.env.mu.Lock()
		n, told := f.env.notes["wxdrop:"+e.ID]
		f.env.mu.Unlock()
		require.True(t, told, tt.name)
		require.Contains(t, n.body, "老张", tt.name)
	}
	require.Empty(t, f.sim.Rejections())
	require.Equal(t, 0, f.site.Requests(testsite.PagePath+"x"))
}

func TestMenuFailuresKeepTheEntry(t *testing.T) {
	t.Parallel()
	f := newShareFixture(t)
	tests := []struct {
		name string
		info map[string]string
		code msg.Code
	}{
		{"a site the extension may not read", map[string]string{"mediaType": "image", "srcUrl": "https://other.test/a.png"}, msg.ErrNoSiteAccess},
		{"a PDF behind a login the person has not", map[string]string{"linkUrl": siteURL + testsite.PDFPath}, msg.ErrSourceRefused},
		{"a file that is gone", map[string]string{"mediaType": "image", "srcUrl": siteURL + testsite.MissingPath}, msg.ErrSourceRefused},
	}
	for _, tt := range tests {
		before := len(f.sim.Messages())
		f.click(t, f.to, tt.info)
		e := f.last(t)
		require.Equal(t, msg.EntryFailed, e.State, tt.name)
		require.Equal(t, tt.code, e.Error.Code, tt.name)
		require.NotNil(t, e.Source, "%s: the entry keeps its source, to be sent again", tt.name)
		require.Len(t, f.sim.Messages(), before, tt.name)
		f.env.mu.Lock()
		n, told := f.env.notes["wxdrop:"+e.ID]
		f.env.mu.Unlock()
		require.True(t, told, tt.name)
		require.Equal(t, "Message not sent", n.title, tt.name)
	}

	// Logged in to the site now, the PDF is sent again from the popup.
	f.logInToSite(t)
	var pdf msg.Entry
	for _, e := range f.entries(t) {
		if e.Source != nil && strings.HasSuffix(e.Source.URL, testsite.PDFPath) {
			pdf = e
		}
	}
	f.ok(t, fromPopup, msg.OutboxSendNow, msg.IDBody{ID: pdf.ID}, nil)
	f.settle(t)
	pdf = f.entries(t)[pdf.ID]
	require.Equal(t, msg.EntrySent, pdf.State, "%v", pdf.Error)
	require.Equal(t, testsite.PDFName, pdf.File.Name)

	// What cannot be fetched at all is refused at the click, with a note.
	f.click(t, f.to, map[string]string{"mediaType": "image", "srcUrl": "blob:https://files.test/123"})
	f.env.mu.Lock()
	n := f.env.notes["wxdrop:share"]
	f.env.mu.Unlock()
	require.Contains(t, n.body, "blob:")
}

func TestMenuListsRecentChats(t *testing.T) {
	t.Parallel()
	f := newShareFixture(t)
	f.add(t, msg.AddBody{To: f.sim.UserName("lisi"), Text: "hi"})
	f.settle(t)
	titles := menuTitles(f.fixture)
	require.GreaterOrEqual(t, len(titles), 3)
	require.Equal(t, []string{"李四", "老张"}, titles[:2], "the chat sent to last comes first")
	require.Contains(t, titles, "相亲相爱一家人", "the page's chat list follows: %q", titles)
	require.Equal(t, "Choose chat…", titles[len(titles)-1])
}

func TestChooseChatLeavesTheShareForThePopup(t *testing.T) {
	t.Parallel()
	f := newShareFixture(t)
	f.click(t, "choose", map[string]string{"selectionText": "明天见"})
	var sh msg.Share
	found, err := f.env.Get(ctx, browser.AreaSession, msg.ShareKey, &sh)
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, "明天见\n"+siteURL+testsite.PagePath, sh.Text)
	require.Equal(t, []string{""}, f.env.popups)
}

func TestCommandSendsThePageToTheLastChat(t *testing.T) {
	t.Parallel()
	f := newShareFixture(t)
	arg := `{"command":"send-page","tab":{"title":"一页","url":"https://files.test/p"}}`
	require.NoError(t, f.core.Event(ctx, core.EventCommand, arg))
	f.settle(t)
	msgs := f.sim.Messages()
	m := msgs[len(msgs)-1]
	require.Equal(t, "zhangsan", m.ToKey)
	require.Equal(t, "一页\nhttps://files.test/p", m.Content)

	// With no chat used yet, the picker opens on it.
	g := newFixture(t)
	require.NoError(t, g.core.Event(ctx, core.EventCommand, arg))
	var sh msg.Share
	found, _ := g.env.Get(ctx, browser.AreaSession, msg.ShareKey, &sh)
	require.True(t, found)
	require.Equal(t, "一页\nhttps://files.test/p", sh.Text)
}

func TestBadgeShowsATransfersProgress(t *testing.T) {
	t.Parallel()
	f := newShareFixture(t)
	const size = 3<<20 + 5
	f.env.mu.Lock()
	f.env.badges = nil
	f.env.mu.Unlock()
	f.click(t, f.to, map[string]string{"linkUrl": siteURL + testsite.BigPath(size)})
	e := f.last(t)
	require.Equal(t, msg.EntrySent, e.State, "%v", e.Error)
	require.Equal(t, "big-3145733.bin", e.File.Name)
	m := f.sim.Messages()[len(f.sim.Messages())-1]
	require.Equal(t, testsite.MD5(f.site.Big(size)), m.MD5)
	f.env.mu.Lock()
	badges := append([]string(nil), f.env.badges...)
	f.env.mu.Unlock()
	var percents []string
	for _, b := range badges {
		if strings.HasSuffix(b, "%") {
			percents = append(percents, b)
		}
	}
	// The download's end and the upload's start at least (the steps
	// between are written every 250 ms, and here the upload is quicker).
	require.GreaterOrEqual(t, len(percents), 2, "badges %q", badges)
	require.True(t, slices.ContainsFunc(percents, func(p string) bool { return p != "100%" }), "badges %q", badges)
	require.Equal(t, "", badges[len(badges)-1], "the badge is cleared when nothing is pending: %q", badges)
}

// TestMenuChecksWhereADownloadLeads (issue 14): a site the person allowed
// that redirects its download to a WeChat host, or (with the hosts of the
// person's own network allowed, as "every site" does) to the router, gets
// nothing: the entry fails with REDIRECT_REFUSED naming the host, and
// nothing is sent. A link to the person's own network from a page on the
// web is not even requested; from a page on that network it goes.
func TestMenuChecksWhereADownloadLeads(t *testing.T) {
	t.Parallel()
	f := newShareFixture(t)
	f.env.mu.Lock()
	f.env.granted["https://192.168.1.1/*"] = true // as "every site" does
	f.env.granted["https://router.lan/*"] = true
	f.env.granted["https://metadata.google.internal/*"] = true
	f.env.granted["https://192.168.1/*"] = true
	f.env.mu.Unlock()
	icon := "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgeticon?seq=1&username=" + f.sim.UserName("lisi")
	router := "https://192.168.1.1" + testsite.ImagePath
	// The router and the cloud's metadata by their names, which no site
	// on the Internet has (security.md row 103).
	routerByName := "https://router.lan" + testsite.ImagePath
	metadata := "https://metadata.google.internal" + testsite.GIFPath
	tests := []struct {
		name, page, url string
		refused         string // the host named; "" when sent
		requested       bool   // whether url itself was requested
	}{
		{"a redirect to a WeChat host", "", siteURL + testsite.RedirectTo(icon), "wx.qq.com", true},
		{"a redirect to WeChat's file host", "", siteURL + testsite.RedirectTo("https://file.wx.qq.com/cgi-bin/mmwebwx-bin/webwxgetmedia?mediaid=1"), "file.wx.qq.com", true},
		{"a redirect to the router", "", siteURL + testsite.RedirectTo(router), "192.168.1.1", true},
		{"a link to the router from a page on the web", "", "https://192.168.1.1" + testsite.GIFPath, "192.168.1.1", false},
		{"a redirect to another file of the site", "", siteURL + testsite.RedirectTo(siteURL+testsite.ImagePath), "", true},
		{"a link to the router from its own page", "https://192.168.1.1/", router, "", true},
		{"a redirect to the router by its name", "", siteURL + testsite.RedirectTo(routerByName), "router.lan", true},
		{"a link to the cloud's metadata by its name", "", metadata, "metadata.google.internal", false},
		// A link WeChat wraps, to the router by a shorter form of its
		// address, which the browser fetches as 192.168.0.1 (row 106).
		{"a link WeChat wraps to the router by a short address", "https://wx.qq.com/", "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxcheckurl?requrl=" + url.QueryEscape("https://192.168.1"+testsite.ImagePath), "192.168.1", false},
		// A PDF another extension shows (its page's host one label, a
		// local name) is no page of the local network (row 107).
		{"a link to the router in a PDF another extension shows", "chrome-extension://oemmndcbldboiebfnladdacbdfmadadm/content/web/viewer.html?file=https%3A%2F%2Fnews.test%2Fa.pdf", router + "?in=pdf", "192.168.1.1", false},
	}
	for _, tt := range tests {
		before := len(f.sim.Messages())
		info := map[string]string{"linkUrl": tt.url}
		if tt.page != "" {
			info["pageUrl"] = tt.page
		}
		f.click(t, f.to, info)
		e := f.last(t)
		f.env.mu.Lock()
		requested := slices.Contains(f.env.fetched, tt.url)
		f.env.mu.Unlock()
		require.Equal(t, tt.requested, requested, "%s: requested", tt.name)
		if tt.refused == "" {
			require.Equal(t, msg.EntrySent, e.State, "%s: %+v", tt.name, e.Error)
			require.Len(t, f.sim.Messages(), before+1, tt.name)
			continue
		}
		require.Equal(t, msg.EntryFailed, e.State, tt.name)
		require.Equal(t, msg.ErrRedirectRefused, e.Error.Code, tt.name)
		require.Equal(t, tt.refused, e.Error.Detail, tt.name)
		require.Len(t, f.sim.Messages(), before, "%s: nothing is sent", tt.name)
	}
}

// menuTitles are the titles of the context menu's items, as last set.
func menuTitles(f *fixture) []string {
	f.env.mu.Lock()
	defer f.env.mu.Unlock()
	var titles []string
	for _, it := range f.env.menus {
		if it.Parent != "" && !it.Separator {
			titles = append(titles, it.Title)
		}
	}
	return titles
}
