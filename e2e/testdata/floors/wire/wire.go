//go:build js && wasm

// Package wire is what every floor of e2e/testdata/floors needs to send:
// a protocol client of the stored session over the browser's fetch, made
// the way wasm/core makes one (storage.session's sessions, the cookies,
// the header rules), and the handshake with hello-ext's sw.js.
package wire

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"syscall/js"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/jsfetch"
	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/jsx/jsxjson"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// session is what wasm/core keeps of a page's session in storage.session
// (its pageSession, the fields a client needs).
type session struct {
	Host       string `json:"host"`
	Uin        int64  `json:"uin"`
	Skey       string `json:"skey"`
	PassTicket string `json:"passTicket,omitempty"`
	UserName   string `json:"userName"`
	LoggedOut  bool   `json:"loggedOut,omitempty"`
}

// ErrNoSession: no live session of the current account.
var ErrNoSession = &msg.Error{Code: msg.ErrLoggedOut}

// Current is the current account's ID and its stored session.
func Current(ctx context.Context) (string, session, error) {
	var id string
	all := map[string]session{}
	if _, err := jsxjson.StorageGet(ctx, browser.AreaSession, msg.AccountKey, &id); err != nil {
		return "", session{}, err
	}
	if _, err := jsxjson.StorageGet(ctx, browser.AreaSession, msg.SessionsKey, &all); err != nil {
		return "", session{}, err
	}
	s, ok := all[id]
	if id == "" || !ok || s.LoggedOut {
		return id, s, ErrNoSession
	}
	return id, s, nil
}

// headerRules are the declarativeNetRequest session rules a worker's fetch
// needs to look like the page's, per host of the host table, made and
// encoded as wasm/core.HeaderRulesJSON makes them (its shape, not its
// every field: importing wasm/core would link all of its package state).
func headerRules(initiator string) (string, error) {
	var rules []map[string]any
	for i, m := range protocol.MainHosts {
		h, _ := protocol.HostsFor(m)
		origin := "https://" + h.Main
		rules = append(rules, map[string]any{
			"id": i + 1, "priority": 1,
			"action": map[string]any{"type": "modifyHeaders", "requestHeaders": []map[string]string{
				{"header": "origin", "operation": "set", "value": origin},
				{"header": "referer", "operation": "set", "value": origin + "/"},
			}},
			"condition": map[string]any{
				"requestDomains": []string{h.Main, h.File, h.Push}, "initiatorDomains": []string{initiator},
				"resourceTypes": []string{"xmlhttprequest", "other"},
			},
		})
	}
	b, err := json.Marshal(rules)
	return string(b), err
}

// Client is a protocol client of the current account's session, with the
// cookies of its host and the header rules in place.
func Client(ctx context.Context) (*protocol.Client, error) {
	_, s, err := Current(ctx)
	if err != nil {
		return nil, err
	}
	u := "https://" + s.Host + "/"
	var cookies [3]string
	for i, name := range []string{"wxuin", "wxsid", "webwx_data_ticket"} {
		v, found, err := jsx.Cookie(ctx, u, name)
		if err != nil {
			return nil, err
		}
		if !found || v == "" {
			return nil, ErrNoSession
		}
		cookies[i] = v
	}
	uin, err := strconv.ParseInt(cookies[0], 10, 64)
	if err != nil || uin != s.Uin {
		return nil, ErrNoSession
	}
	rules, err := headerRules(jsx.ExtensionHost())
	if err != nil {
		return nil, err
	}
	ids, err := jsx.SessionRuleIDs(ctx)
	if err != nil {
		return nil, err
	}
	if err := jsx.UpdateSessionRules(ctx, ids, rules); err != nil {
		return nil, err
	}
	return protocol.NewClient(jsfetch.Fetch{}, protocol.Session{
		Uin: uin, Sid: cookies[1], Skey: s.Skey, PassTicket: s.PassTicket, DataTicket: cookies[2],
		UserName: s.UserName, Host: s.Host,
	})
}

// Chats are the contacts a person can send to, as wasm/core lists them.
func Chats(all []protocol.Contact) []msg.Contact {
	out := make([]msg.Contact, 0, len(all))
	for _, p := range all {
		if p.UserName == "" || p.IsSpecial() || (p.IsOfficial() && !p.IsGroup()) {
			continue
		}
		out = append(out, msg.Contact{
			UserName: p.UserName, NickName: p.NickName, RemarkName: p.RemarkName,
			PYInitial: p.PYInitial, PYQuanPin: p.PYQuanPin, HeadImgURL: p.HeadImgURL, Group: p.IsGroup(),
			Alias: p.Alias, Sex: p.Sex, Province: p.Province, City: p.City,
		})
	}
	return out
}

// Method sets api[name] to a function of string arguments that answers a
// promise of f's string.
func Method(api js.Value, name string, f func(ctx context.Context, args []string) (string, error)) {
	api.Set(name, js.FuncOf(func(_ js.Value, a []js.Value) any {
		args := make([]string, len(a))
		for i, v := range a {
			if v.Type() != js.TypeString {
				return jsx.Promise(func() (any, error) { return nil, errors.New("floor: arguments are strings") })
			}
			args[i] = v.String()
		}
		return jsx.Promise(func() (any, error) { return f(context.Background(), args) })
	}))
}

// Ready hands the worker script its object and says main runs, as
// hellowasm does (sw.js marks coreReady), then blocks.
func Ready(api js.Value) {
	api.Set("hello", "floor")
	js.Global().Set("helloCore", api)
	if ready := js.Global().Get("helloReady"); ready.Type() == js.TypeFunction {
		ready.Invoke(api)
	}
	select {}
}
