package outbox

import "context"

// Accounts. Two accounts can be logged in at once (one web WeChat tab on
// wx.qq.com, one on web.wechat.com). Every entry records the account
// that made it (msg.Entry.Account) and the outbox runs each entry's steps
// in a context naming that account, so that the Link answers with that
// account's session and chats and no other.

type accountKey struct{}

// accountCtx is the account a context acts for. set with an empty id
// means "a web WeChat tab without a session": the Link must not fall back
// to another account then.
type accountCtx struct {
	id  string
	set bool
}

// WithAccount is ctx acting for the account id.
func WithAccount(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, accountKey{}, accountCtx{id: id, set: true})
}

// AccountOf is the account ctx acts for; set is false when ctx names
// none (the popup's account is meant).
func AccountOf(ctx context.Context) (id string, set bool) {
	a, _ := ctx.Value(accountKey{}).(accountCtx)
	return a.id, a.set
}

type chosenKey struct{}

// ChosenByPerson is ctx adding what the person sends to a chat they chose
// themselves (msg.Entry.Chosen): the popup's composer, a menu item, the
// keyboard command.
func ChosenByPerson(ctx context.Context) context.Context {
	return context.WithValue(ctx, chosenKey{}, true)
}

func chosen(ctx context.Context) bool { v, _ := ctx.Value(chosenKey{}).(bool); return v }

// forEntry is ctx acting for e's account; an entry made before accounts
// were told apart acts for the Link's default account.
func forEntry(ctx context.Context, account string) context.Context {
	if account == "" {
		return ctx
	}
	return WithAccount(ctx, account)
}
