//go:build js && wasm

package ui

import (
	"context"
	"time"

	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

// requestTimeout bounds the wait for the service worker. A sleeping
// worker starts its Go runtime first (tens of milliseconds); a send
// answers once the outbox entry is stored, not when it is sent.
const requestTimeout = 20 * time.Second

// request sends one message to the service worker and decodes the answer
// into out (nil: not wanted). A worker that does not answer is INTERNAL.
func request(name string, body, out jsonlite.Object) *msg.Error {
	text, e := ask(name, body)
	if e != nil {
		return e
	}
	return answer(text, out)
}

// answer decodes the worker's answer into out.
func answer(text string, out jsonlite.Object) *msg.Error {
	e := model.Decode(text, out)
	if e != nil && e.Code == msg.ErrAccountChanged && accountChanged != nil {
		go accountChanged()
	}
	return e
}

// requestTwice is request for what can be asked twice without being done
// twice (an OutboxAdd naming its entry's id): when no answer came (the
// worker was stopped in the middle of it, or took longer than
// requestTimeout), it asks once more, and a refusal of the second ask is
// none when done says the first did it. A file sent as the worker was
// stopped was "wxdrop ran into a problem of its own", and not sent.
func requestTwice(name string, body, out jsonlite.Object, done func() bool) *msg.Error {
	text, err := send(name, body)
	if err == nil {
		return answer(text, out)
	}
	if text, err = send(name, body); err != nil {
		return model.Internal(err.Error())
	}
	e := answer(text, out)
	if e != nil && done() {
		return nil
	}
	return e
}

// ask sends one message to the service worker and returns its answer's
// JSON text, for an answer that is not an object (model.DecodeWith).
// Every message carries the account the page shows (shownAccount): the
// worker refuses what acts on an account when it would act as another
// (msg.ErrAccountChanged), and the page then shows the account now
// current (request calls accountChanged); what the person typed stays
// where it was (a text leaves its box only once the worker took it).
func ask(name string, body jsonlite.Object) (string, *msg.Error) {
	text, err := send(name, body)
	if err != nil {
		return "", model.Internal(err.Error())
	}
	return text, nil
}

// send is one message to the worker; an error is the messaging's (no
// answer), not the worker's.
func send(name string, body jsonlite.Object) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	return jsx.SendMessage(ctx, &msg.Request{Name: name, Body: body, Account: shownAccount})
}

// shownAccount is the account the page shows (msg.State.Account, set as
// the state is rendered); "" before a state is shown, or on a page that
// shows none, whose requests act as the worker's current account.
var shownAccount string

// accountChanged, when set, shows the account the worker acts as now
// (the popup's state view asks for it).
var accountChanged func()
