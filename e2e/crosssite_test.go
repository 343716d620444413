//go:build !js

package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/internal/testsite"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestEmbeddedMediaOfAnotherSiteGoesWithoutCookies (security.md row 95):
// a page of another site (other.test) lays a transparent <img> of
// files.test over a picture, its URL one that shows the person's own
// document there (the test site's PDF behind its login, where the person
// is logged in), and asks to be sent "that picture". The context menu's
// Send to WeChat on it sent the private PDF: the worker downloaded it
// with the person's cookies of files.test, which the page itself, a
// third party, did not send. Now it goes as the page loaded it, without
// them, and the site refuses it; the same picture on files.test's own
// page still goes with them.
func TestEmbeddedMediaOfAnotherSiteGoesWithoutCookies(t *testing.T) {
	t.Parallel()
	s := newShareEnv(t)
	item := s.loggedInToSite(t)

	before := s.known()
	sent := len(s.sim.Messages())
	s.click(item, map[string]string{"mediaType": "image", "srcUrl": siteOrigin + testsite.PDFPath, "pageUrl": "https://" + otherHost + testsite.PagePath})
	e := s.newest(before, "the other site's page", 60*time.Second, final)
	if e.State != msg.EntryFailed || e.Error == nil || e.Error.Code != msg.ErrSourceRefused {
		t.Errorf("from the other site's page: %s; want failed SOURCE_REFUSED", DescribeEntry(e))
	}
	if n := len(s.sim.Messages()) - sent; n != 0 {
		t.Errorf("%d messages sent from the other site's page", n)
	}

	// security.md row 98: the same picture in a frame of the other
	// site (an ad's) on files.test's own page went with the cookies.
	before = s.known()
	s.click(item, map[string]string{"mediaType": "image", "srcUrl": siteOrigin + testsite.PDFPath, "pageUrl": siteOrigin + testsite.PagePath, "frameUrl": "https://" + otherHost + "/ad.html"})
	e = s.newest(before, "the other site's frame", 60*time.Second, final)
	if e.State != msg.EntryFailed || e.Error == nil || e.Error.Code != msg.ErrSourceRefused {
		t.Errorf("from the other site's frame on the site's page: %s; want failed SOURCE_REFUSED", DescribeEntry(e))
	}
	if n := len(s.sim.Messages()) - sent; n != 0 {
		t.Errorf("%d messages sent from the other site's frame", n)
	}

	before = s.known()
	s.click(item, map[string]string{"mediaType": "image", "srcUrl": siteOrigin + testsite.PDFPath, "pageUrl": siteOrigin + testsite.PagePath})
	e = s.newest(before, "the site's own page", 60*time.Second, final)
	if e.State != msg.EntrySent {
		t.Fatalf("from the site's own page: %s", DescribeEntry(e))
	}
	if md, ok := s.sim.Media(s.message(e).MediaID); !ok || testsite.MD5(md.Data) != testsite.MD5(testsite.PDF) {
		t.Errorf("from the site's own page, wxsim holds another file than the site's PDF")
	}
}

// TestRedirectToAnotherSiteGoesWithoutCookies (security.md row 96): the
// hostile page's picture is of its own site (other.test, where wxdrop
// may fetch), so it goes with cookies, and that site answers with a
// redirect to files.test's private PDF, where the person is logged in.
// Chromium followed the redirect with the person's cookies of files.test
// and the PDF was sent. Now what a redirect led to on another site than
// the page's is fetched again without them: the site refuses it.
//
// Since: that first request to files.test still carried the person's
// cookies there (its answer left unread). While the picture's download
// runs, a session rule takes the cookies off the extension's requests to
// any other host than the page's site: files.test never sees them. A
// redirect within the page's own site still goes with them.
func TestRedirectToAnotherSiteGoesWithoutCookies(t *testing.T) {
	t.Parallel()
	s := newShareEnvGranting(t, "https://"+otherHost+"/*")
	item := s.loggedInToSite(t)
	before := s.known()
	sent := len(s.sim.Messages())
	s.click(item, map[string]string{"mediaType": "image", "srcUrl": "https://" + otherHost + testsite.RedirectTo(siteOrigin+testsite.PDFPath), "pageUrl": "https://" + otherHost + testsite.PagePath})
	e := s.newest(before, "the redirect to the other site", 60*time.Second, final)
	if e.State != msg.EntryFailed || e.Error == nil || e.Error.Code != msg.ErrSourceRefused {
		t.Errorf("a redirect from the page's site to the other's: %s; want failed SOURCE_REFUSED", DescribeEntry(e))
	}
	if n := len(s.sim.Messages()) - sent; n != 0 {
		t.Errorf("%d messages sent through the redirect", n)
	}
	if n := s.site.WithLogin(testsite.PDFPath); n != 0 {
		t.Errorf("the private PDF was asked for %d times with the person's cookies of files.test", n)
	}

	// The person's own site sends its picture on within itself: the
	// cookies go on with it.
	before = s.known()
	s.click(item, map[string]string{"mediaType": "image", "srcUrl": siteOrigin + testsite.RedirectTo(siteOrigin+testsite.PDFPath), "pageUrl": siteOrigin + testsite.PagePath})
	e = s.newest(before, "the redirect within the site", 60*time.Second, final)
	if e.State != msg.EntrySent {
		t.Fatalf("a redirect within the page's own site: %s", DescribeEntry(e))
	}
	if md, ok := s.sim.Media(s.message(e).MediaID); !ok || testsite.MD5(md.Data) != testsite.MD5(testsite.PDF) {
		t.Errorf("through the redirect within the site, wxsim holds another file than the site's PDF")
	}
}

// loggedInToSite logs the person in to the test site (its login cookie,
// which its private PDF needs) and sends zhangsan a text, so that the
// menu has his item; it returns that item.
func (s *shareEnv) loggedInToSite(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	site, err := s.br.NewTab(siteOrigin+testsite.LoginPath, "site")
	if err != nil {
		t.Fatal(err)
	}
	if err := WaitJS(site.Ctx, `document.title === 'logged in'`, 20*time.Second, "the test site's login page"); err != nil {
		t.Fatal(err)
	}
	first, err := s.br.AddText(ctx, s.sim.UserName("zhangsan"), "你好", time.Time{}, msg.RepeatNone)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.br.WaitEntry(ctx, first.ID, 30*time.Second, "sent", func(e msg.Entry) bool { return e.State == msg.EntrySent }); err != nil {
		t.Fatal(err)
	}
	return core.ChatMenuID("张三", "老张", false)
}
