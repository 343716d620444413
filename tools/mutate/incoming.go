package main

// incoming: the breakages of the incoming path's guards the last review
// of stop 23 asked for (a new chat's refetch and what it skips, a batch
// asked again in one login, a friend request's note asked again) and of
// the account named host first.
var incoming = []mutation{
	{Name: "an official account's post fetches the contact list again", File: "wasm/core/newchats.go",
		Old: `if known[chat] || skip[chat] ||`, New: `if known[chat] ||`, Pkgs: []string{corePkg}},
	{Name: "a message of 微信团队 or fmessage fetches the contact list again", File: "wasm/core/newchats.go",
		Old: `(protocol.Contact{UserName: chat}).IsSpecial() || `, New: ``, Pkgs: []string{corePkg}},
	{Name: "a failed fetch for a new chat holds the next for 30 s", File: "wasm/core/newchats.go",
		Old: `c.newChatFetch[acct] = last`, New: `_ = last`, Pkgs: []string{corePkg}},
	{Name: "a friend request's note that failed is neither asked again nor logged", File: "wasm/core/autorules.go",
		Old: `taken, err := false, c.noteFriendRequests(ctx, body)`, New: `taken, err := true, c.noteFriendRequests(ctx, body)`, Pkgs: []string{corePkg}},
	{Name: "a batch asked again goes out in another login", File: "extension/sync.js",
		Old: `if (user && login && user !== login) return`, New: `if (false) return`, Pkgs: []string{corePkg}},
	{Name: "a message of another account named before its host", File: "_locales/en/messages.json",
		Old: `"message": "From $HOST$ as $NAME$",`, New: `"message": "From $NAME$ on $HOST$",`, Pkgs: []string{"./wasm/ui/model/"}},
}
