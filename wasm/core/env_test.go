package core_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // the tests' zone, whatever the machine has

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/protocol/httpdoer"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/core"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
	"github.com/wxdrop/wxdrop/wasm/schedule"
	"github.com/wxdrop/wxdrop/wasm/share"
)

// memEnv is the browser as the core sees it, in memory: storage areas that
// keep JSON text as chrome.storage does, the cookie store of the logged-in
// tab, IndexedDB files, and one web WeChat tab whose page reports the
// simulator's current session.
type memEnv struct {
	sim *wxsim.Server
	mu  sync.Mutex
	// storage: area → key → JSON text
	storage map[browser.Area]map[string]string
	// sessionQuota, when set, is storage.session's room in bytes (the
	// keys' and texts' lengths): a write that would pass it fails, as
	// Chromium's QUOTA_BYTES does.
	sessionQuota int
	// storedErr, when set, is what Stored says: the browser did not keep
	// a download in IndexedDB.
	storedErr error
	// failSet: a write of these keys fails, as a full storage.local's.
	failSet map[string]bool
	files   map[string][]byte
	// keptFiles are the kept messages' media by key (their records are
	// in storage under areaKept).
	keptFiles map[string][]byte
	rules     []string
	opened    []string
	focused   int
	noTab     bool
	// pageSkey overrides what the tab's page knows of skey ("" = the sim's).
	pageSkey string
	// pageChats, when set, are the keys of the page's chat list (else
	// lisi and family).
	pageChats []string
	// otherCookies are cookies of another host than the sim's session's
	// (a second account's), by host and name.
	otherCookies map[string]map[string]string

	// now, when set, is the clock (else time.Now).
	now func() time.Time
	// What the outbox showed: notifications by id, the badge, the alarm.
	notes  map[string]note
	badge  string
	alarm  time.Time
	popups []string
	// site is the client of the test site for Download, granted the
	// origins the extension may fetch from.
	site *http.Client
	// ruleIgnored, when set, names the installed rules the browser does
	// not apply (a layer taken away, to see the other hold).
	ruleIgnored func(id int) bool
	granted     map[string]bool
	nextFile    int
	// badges is every badge text set, in order.
	badges []string
	// menus are the context menu's items, as last set.
	menus []browser.MenuItem
	// saved are the files Save saved, by path; noDownloads: the
	// person has not allowed saving.
	saved       map[string][]byte
	noDownloads bool
	// fetched is every URL Fetch requested, redirects' included.
	fetched []string
	// host is what Host says when set (Firefox's moz-extension UUID).
	host string
	// reads and writes count Get and Set by key.
	reads, writes map[string]int
	// mediaGate, when set, holds every download from a WeChat host
	// until it is closed; mediaNow and mediaMost count those under way
	// now and at most.
	mediaGate           chan struct{}
	mediaNow, mediaMost int
}

type note struct{ title, body string }

func newMemEnv(sim *wxsim.Server) *memEnv {
	return &memEnv{sim: sim, storage: map[browser.Area]map[string]string{browser.AreaSession: {}, browser.AreaLocal: {}, areaKept: {}}, files: map[string][]byte{}, keptFiles: map[string][]byte{}, notes: map[string]note{}, granted: map[string]bool{}, reads: map[string]int{}, writes: map[string]int{}}
}

const extID = "jfjbkganhpjfmkcjimablphajngdpggf"

// memTabs, memKept and memMenus are memEnv's tabs, kept store and menus:
// roles whose methods share names with its storage's and files'.
type (
	memTabs  struct{ *memEnv }
	memKept  struct{ *memEnv }
	memMenus struct{ *memEnv }
)

// roles is the Env of the core under test: every role over e.
func (e *memEnv) roles() core.Env {
	return core.Env{Storage: e, Files: e, Kept: memKept{e}, Tabs: memTabs{e}, Notifications: e, Menus: memMenus{e},
		Downloads: e, Network: e, Runtime: e, Clock: e}
}

func (e *memEnv) Get(ctx context.Context, a browser.Area, key string, v any) (bool, error) {
	s, ok, _ := e.GetText(ctx, a, key)
	if !ok {
		return false, nil
	}
	return true, json.Unmarshal([]byte(s), v)
}

func (e *memEnv) GetText(_ context.Context, a browser.Area, key string) (string, bool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.reads[key]++
	s, ok := e.storage[a][key]
	return s, ok, nil
}

func (e *memEnv) Set(ctx context.Context, a browser.Area, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return e.SetText(ctx, a, key, string(b))
}

func (e *memEnv) SetText(_ context.Context, a browser.Area, key, text string) error {
	b := text
	e.mu.Lock()
	defer e.mu.Unlock()
	if a == browser.AreaSession && e.sessionQuota > 0 {
		used := len(key) + len(b)
		for k, v := range e.storage[a] {
			if k != key {
				used += len(k) + len(v)
			}
		}
		if used > e.sessionQuota {
			return errors.New("Session storage quota bytes exceeded. Values were not stored.")
		}
	}
	if e.failSet[key] {
		return errors.New("QUOTA_BYTES quota exceeded")
	}
	e.writes[key]++
	e.storage[a][key] = b
	return nil
}

func (e *memEnv) Cookie(_ context.Context, rawURL, name string) (string, bool, error) {
	u, _ := url.Parse(rawURL)
	e.mu.Lock()
	other, isOther := e.otherCookies[u.Hostname()]
	e.mu.Unlock()
	if isOther {
		v, ok := other[name]
		return v, ok, nil
	}
	ss, ok := e.sim.CurrentSession()
	if !ok {
		return "", false, nil
	}
	if !strings.HasSuffix(u.Hostname(), ss.Host) {
		return "", false, nil
	}
	for _, c := range ss.Cookies() {
		if c.Name == name {
			return c.Value, true, nil
		}
	}
	return "", false, nil
}

// Doer is the worker's fetch: the header rules the core installed, not
// the client's own headers, decide what wxsim sees.
func (e *memEnv) Doer() protocol.Doer { return httpdoer.New(e.weChatClient()) }

// weChatClient reaches wxsim with the tab's cookies, through the browser's
// header rules (ruleTransport).
func (e *memEnv) weChatClient() *http.Client {
	c := *e.sim.Client()
	c.Transport = ruleTransport{env: e, next: c.Transport}
	return &c
}

// installedRules is the JSON of the last SetHeaderRules ("" before any).
func (e *memEnv) installedRules() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.rules) == 0 {
		return ""
	}
	return e.rules[len(e.rules)-1]
}

type memFile struct{ *bytes.Reader }

func (f memFile) Size() int64 { return f.Reader.Size() }

func (e *memEnv) Open(_ context.Context, id string) (outbox.File, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	b, ok := e.files[id]
	if !ok {
		return nil, errors.New("no such file")
	}
	return memFile{bytes.NewReader(b)}, nil
}

func (e *memEnv) Delete(_ context.Context, id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.files, id)
	return nil
}

func (t memTabs) WeChat(context.Context) ([]browser.Tab, error) {
	if t.noTab {
		return nil, nil
	}
	return []browser.Tab{{ID: 7, WindowID: 1, URL: "https://wx.qq.com/"}}, nil
}

func (t memTabs) Focus(_ context.Context, tab browser.Tab) error { t.focused = tab.ID; return nil }
func (t memTabs) Open(_ context.Context, u string) error {
	t.opened = append(t.opened, u)
	return nil
}

// Ask answers as the page's content script does: what accountFactory
// holds now.
func (t memTabs) Ask(context.Context, browser.Tab) (msg.PageSessionBody, error) {
	return t.page(), nil
}

func (e *memEnv) page() msg.PageSessionBody {
	ss, ok := e.sim.CurrentSession()
	if !ok || ss.LoggedOut {
		return msg.PageSessionBody{}
	}
	skey := ss.Skey
	if e.pageSkey != "" {
		skey = e.pageSkey
	}
	keys := e.pageChats
	if keys == nil {
		keys = []string{"lisi", "family"}
	}
	chats := make([]string, len(keys))
	for i, k := range keys {
		chats[i] = e.sim.UserName(k)
	}
	return msg.PageSessionBody{Skey: skey, PassTicket: ss.PassTicket, UserName: ss.UserName, NickName: ss.NickName, Chats: chats}
}

func (e *memEnv) SetHeaderRules(_ context.Context, rules string) error {
	e.mu.Lock()
	e.rules = append(e.rules, rules)
	e.mu.Unlock()
	return nil
}

func (e *memEnv) ID() string { return extID }

// Host is Chromium's (the id) unless the test set host, as
// Firefox's UUID.
func (e *memEnv) Host() string {
	if e.host != "" {
		return e.host
	}
	return extID
}

func (e *memEnv) Now() time.Time {
	if e.now != nil {
		return e.now()
	}
	return time.Now()
}

var shanghai = func() *time.Location {
	l, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return l
}()

func (e *memEnv) Zone() schedule.Zone { return schedule.LocationZone{Loc: shanghai} }

func (e *memEnv) List(context.Context) ([]string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	var ids []string
	for id := range e.files {
		ids = append(ids, id)
	}
	return ids, nil
}

func (e *memEnv) SetAlarm(_ context.Context, name string, t time.Time) error {
	e.mu.Lock()
	e.alarm = t
	e.mu.Unlock()
	return nil
}

func (e *memEnv) Notify(_ context.Context, id, title, body string) error {
	e.mu.Lock()
	e.notes[id] = note{title, body}
	e.mu.Unlock()
	return nil
}

func (e *memEnv) Clear(_ context.Context, id string) error {
	e.mu.Lock()
	delete(e.notes, id)
	e.mu.Unlock()
	return nil
}

func (e *memEnv) SetBadge(_ context.Context, text string) error {
	e.mu.Lock()
	e.badge = text
	e.badges = append(e.badges, text)
	e.mu.Unlock()
	return nil
}

func (t memTabs) Popup(_ context.Context, entryID string) error {
	t.mu.Lock()
	t.popups = append(t.popups, entryID)
	t.mu.Unlock()
	return nil
}

// Stored: memEnv keeps a download at once.
func (e *memEnv) Stored(context.Context, string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.storedErr
}

// Persist: memEnv keeps a download at once.
func (e *memEnv) Persist(context.Context, string) {}

func (m memMenus) Set(_ context.Context, items []browser.MenuItem) error {
	m.mu.Lock()
	m.menus = append([]browser.MenuItem(nil), items...)
	m.mu.Unlock()
	return nil
}

// Message is the English text of key, as chrome.i18n gives it.
func (e *memEnv) Message(key string, subs ...string) string { return english(key, subs...) }

func (e *memEnv) putFile(id string, b []byte) {
	e.mu.Lock()
	e.files[id] = b
	e.mu.Unlock()
}

// all returns every stored value of an area, for leak checks.
func (e *memEnv) all(a browser.Area) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var b strings.Builder
	for k, v := range e.storage[a] {
		b.WriteString(k + "=" + v + "\n")
	}
	return b.String()
}

var (
	fromPopup = core.Sender{ID: extID, URL: "chrome-extension://" + extID + "/extension/pages/popup.html", Self: "chrome-extension://" + extID + "/"}
	fromTab   = core.Sender{ID: extID, URL: "https://wx.qq.com/", TabURL: "https://wx.qq.com/?lang=zh_CN", TabID: 7, Self: "chrome-extension://" + extID + "/"}
)

// Fetch fetches from the test site (site) through its client, as the
// browser does: only from sites the extension has access to (granted),
// with the site's cookies (the client's jar), following redirects as the
// browser does (to WeChat's hosts, which the extension may always reach,
// with the session's cookies).
func (e *memEnv) Fetch(ctx context.Context, rawURL string, cookies bool, limit int64, keep func(share.Fetched) (bool, error), progress func(done, total int64)) (core.Download, error) {
	var dl core.Download
	if o := share.Origin(rawURL); o != "" && !e.granted[o] && !slices.Contains(protocol.AllHosts(), share.Host(rawURL)) {
		return dl, &msg.Error{Code: msg.ErrNoSiteAccess, Detail: share.Host(rawURL)}
	}
	e.mu.Lock()
	gate := e.mediaGate
	if gate != nil && slices.Contains(protocol.AllHosts(), share.Host(rawURL)) {
		e.mediaNow++
		e.mediaMost = max(e.mediaMost, e.mediaNow)
		defer func() { e.mu.Lock(); e.mediaNow--; e.mu.Unlock() }()
	} else {
		gate = nil
	}
	e.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return dl, ctx.Err()
		}
	}
	var resp *http.Response
	for hop, next := 0, rawURL; ; hop++ {
		r, err := e.get(ctx, next, cookies)
		if err != nil {
			return dl, err
		}
		loc, lerr := r.Location()
		if r.StatusCode < 300 || r.StatusCode >= 400 || lerr != nil || hop == 10 {
			resp = r
			break
		}
		r.Body.Close()
		next = loc.String()
	}
	defer resp.Body.Close()
	dl.URL = resp.Request.URL.String()
	dl.ContentType = resp.Header.Get("Content-Type")
	dl.ContentDisposition = resp.Header.Get("Content-Disposition")
	dl.Size = resp.ContentLength
	redirected := dl.URL != rawURL
	if resp.StatusCode >= 400 && !redirected {
		return dl, &msg.Error{Code: msg.ErrSourceRefused, Detail: strconv.Itoa(resp.StatusCode)}
	}
	// As jsx.Download: where a redirect led is judged before its status.
	k, err := keep(dl.Fetched)
	if err == nil && resp.StatusCode >= 400 {
		err = &msg.Error{Code: msg.ErrSourceRefused, Detail: strconv.Itoa(resp.StatusCode)}
	}
	if err != nil {
		return dl, err
	} else if !k {
		dl.Head, _ = io.ReadAll(io.LimitReader(resp.Body, share.HeadBytes))
		return dl, nil
	}
	if dl.Size > limit {
		return dl, &msg.Error{Code: msg.ErrOutboxFull}
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return dl, &msg.Error{Code: msg.ErrUnreachable}
	}
	if int64(len(b)) > limit {
		return dl, &msg.Error{Code: msg.ErrOutboxFull}
	}
	dl.Size = int64(len(b))
	progress(dl.Size, dl.Size)
	e.mu.Lock()
	e.nextFile++
	dl.FileID = fmt.Sprintf("download-%d", e.nextFile)
	sum := md5.Sum(b)
	dl.MD5 = hex.EncodeToString(sum[:])
	e.files[dl.FileID] = b
	e.mu.Unlock()
	return dl, nil
}

// get is one request of a download, not following a redirect: to a
// WeChat host through the simulator's client, with the page's headers
// (core.HeaderRules gives the extension's requests the page's own,
// docs/protocol.md §12); to a site the extension may read through the test
// site's client.
func (e *memEnv) get(ctx context.Context, rawURL string, cookies bool) (*http.Response, error) {
	var client *http.Client
	weChat := slices.Contains(protocol.AllHosts(), share.Host(rawURL))
	switch o := share.Origin(rawURL); {
	case weChat:
		// The browser's own request, with the header rules the core
		// installed (ruleTransport), as the worker's are.
		client = e.weChatClient()
	case o != "" && !e.granted[o]:
		// The browser reads a site it has no access to only through
		// CORS, which the test site does not answer.
		return nil, &msg.Error{Code: msg.ErrUnreachable}
	case e.site == nil:
		return nil, &msg.Error{Code: msg.ErrUnreachable}
	default:
		// Through the session rules the core installed, as the browser
		// has them (the cookie rule of a picture's download).
		site := *e.site
		site.Transport = ruleTransport{env: e, next: e.site.Transport}
		client = &site
	}
	noFollow := *client
	if !cookies {
		noFollow.Jar = nil // credentials "omit"
	}
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, &msg.Error{Code: msg.ErrSourceNotUsable}
	}
	e.mu.Lock()
	e.fetched = append(e.fetched, rawURL)
	e.mu.Unlock()
	resp, err := noFollow.Do(req)
	if err != nil {
		return nil, &msg.Error{Code: msg.ErrUnreachable}
	}
	return resp, nil
}

// Save keeps a copy of the file under path in saved, another name
// when path is taken (as chrome.downloads' "uniquify").
func (e *memEnv) Save(_ context.Context, fileID, path string) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.noDownloads {
		return "", &msg.Error{Code: msg.ErrNoDownloads}
	}
	b, ok := e.files[fileID]
	if !ok {
		return "", &msg.Error{Code: msg.ErrSaveFailed, Detail: "FILE_FAILED"}
	}
	if e.saved == nil {
		e.saved = map[string][]byte{}
	}
	got := path
	for n := 1; e.saved[got] != nil; n++ {
		ext := filepath.Ext(path)
		got = fmt.Sprintf("%s (%d)%s", strings.TrimSuffix(path, ext), n, ext)
	}
	e.saved[got] = append([]byte(nil), b...)
	return got, nil
}

// filesLeft counts the files in IndexedDB.
func (e *memEnv) filesLeft() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.files)
}

// areaKept holds the kept messages' JSON records (IndexedDB's kept store
// in the browser).
const areaKept browser.Area = "kept"

func (k memKept) Get(ctx context.Context, key string, v any) (bool, error) {
	return k.memEnv.Get(ctx, areaKept, key, v)
}

func (k memKept) Set(ctx context.Context, key string, v any) error {
	return k.memEnv.Set(ctx, areaKept, key, v)
}

func (k memKept) Delete(_ context.Context, key string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.storage[areaKept], key)
	delete(k.keptFiles, key)
	return nil
}

func (k memKept) File(_ context.Context, key string) ([]byte, bool, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	b, ok := k.keptFiles[key]
	return append([]byte(nil), b...), ok, nil
}

func (k memKept) Keep(_ context.Context, fileID, key string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	b, ok := k.files[fileID]
	if !ok {
		return errors.New("no such file")
	}
	k.keptFiles[key] = b
	delete(k.files, fileID)
	return nil
}
