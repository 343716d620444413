//go:build !js

package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// sessionSizesJS says what storage.session holds, key by key: the bytes
// Chromium counts against its quota (getBytesInUse) and, for a contact
// list, how many chats it has and whether it is loading.
const sessionSizesJS = `(async () => {
  const s = chrome.storage.session, all = await s.get(null), out = {};
  for (const k of Object.keys(all)) {
    let v = all[k];
    if (typeof v === 'string') { try { v = JSON.parse(v); } catch (e) {} }
    out[k] = {bytes: await s.getBytesInUse(k), chats: v && Array.isArray(v.contacts) ? v.contacts.length : -1, loading: !!(v && v.loading)};
  }
  out.total = {bytes: await s.getBytesInUse(null), chats: -1, loading: false};
  out.quota = {bytes: s.QUOTA_BYTES || 0, chats: -1, loading: false};
  return out;
})()`

type sessionSize struct {
	Bytes   int  `json:"bytes"`
	Chats   int  `json:"chats"`
	Loading bool `json:"loading"`
}

// TestContactsOfTwoLargeAccounts: two accounts of 10,000 contacts each,
// logged in in two tabs. The worker keeps each account's list in
// storage.session, and beside them the popup's copy of its account's
// list and the search list of it (popupSearch), against Chromium's quota
// of 10 MB for the area. The popup's contacts must work whatever the
// search list costs: the popup can always ask the worker for them; only
// the first keystroke's instant search needs the search list.
func TestContactsOfTwoLargeAccounts(t *testing.T) {
	t.Parallel()
	const n = 10000
	s := newSessEnvWith(t, "", func(host string, cfg *wxsim.Config) {
		seed := uint64(1)
		if host == "web.wechat.com" {
			seed = 2
		}
		cfg.People = append(wxsim.DefaultPeople(), wxsim.GeneratedPeople(n, seed)...)
	}, "wx.qq.com", "web.wechat.com")
	ctx := context.Background()
	// Logged in, not waiting for wxdrop.ready: its contacts take a while.
	for _, host := range []string{"wx.qq.com", "web.wechat.com"} {
		tab, err := s.br.NewTab("https://"+host+"/", host)
		if err != nil {
			t.Fatal(err)
		}
		if err := LogIn(ctx, tab); err != nil {
			t.Fatal(err)
		}
	}
	var sizes map[string]sessionSize
	waitUntil(t, 120*time.Second, "both accounts' lists fetched", func() (bool, string) {
		var err error
		if sizes, err = ExtEval[map[string]sessionSize](ctx, s.br, sessionSizesJS); err != nil {
			return false, err.Error()
		}
		fetched := 0
		for k, v := range sizes {
			if len(k) > len(msg.AccountContactsPrefix) && k[:len(msg.AccountContactsPrefix)] == msg.AccountContactsPrefix && v.Chats >= n && !v.Loading {
				fetched++
			}
		}
		return fetched == 2, fmt.Sprintf("%+v", sizes)
	})
	// The popup's lists are written after the account's: they may still
	// be under way.
	var cs msg.Contacts
	waitUntil(t, 60*time.Second, "the popup's contacts", func() (bool, string) {
		if err := s.br.Ask(ctx, msg.GetContacts, nil, &cs); err != nil {
			return false, err.Error()
		}
		return len(cs.Contacts) >= n && !cs.Loading, fmt.Sprintf("%d chats, loading %v", len(cs.Contacts), cs.Loading)
	})
	var err error
	if sizes, err = ExtEval[map[string]sessionSize](ctx, s.br, sessionSizesJS); err != nil {
		t.Fatal(err)
	}
	for k, v := range sizes {
		t.Logf("storage.session %-40s %9d bytes %6d chats loading %v", k, v.Bytes, v.Chats, v.Loading)
	}
}
