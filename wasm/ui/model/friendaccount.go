package model

import (
	"github.com/wxdrop/wxdrop/wasm/friends"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/safename"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// RequestAccount is the account a friend request reached (its AccountID
// and Host), as the popup names it beside the request: its host and
// name as the account switch shows them, or its host alone for an
// account the state no longer knows. It is "" while one account is all
// there is (the state knows one, and every request reached it): the
// popup's state line names it. With two accounts in two tabs, the
// popup listed both accounts' requests alike, and a person accepted a
// request without knowing which account it was for.
func RequestAccount(id, host string, accounts []msg.AccountInfo, rs []friends.Request) string {
	if !manyAccounts(accounts, rs) {
		return ""
	}
	if name, ok := AccountName(id, accounts); ok {
		return name
	}
	return host
}

// AccountName is the account of that id as the account switch names it,
// its host and name; false when the state does not know it (not logged
// in now).
func AccountName(id string, accounts []msg.AccountInfo) (string, bool) {
	for _, a := range accounts {
		if a.ID == id && id != "" {
			// Without what reorders text (safename.Visible), the host
			// first (security.md row 97), as the switch has it.
			return a.Host + " · " + safename.Visible(search.Clean(a.NickName)), true
		}
	}
	return "", false
}

// manyAccounts reports whether the state knows two accounts, or the
// requests reached two.
func manyAccounts(accounts []msg.AccountInfo, rs []friends.Request) bool {
	if len(accounts) >= 2 {
		return true
	}
	for _, r := range rs {
		if r.AccountID != "" && r.AccountID != rs[0].AccountID || r.Host != "" && r.Host != rs[0].Host {
			return true
		}
	}
	return false
}
