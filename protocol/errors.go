package protocol

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Sentinels that errors.Is matches against the errors this package returns.
var (
	// ErrLoggedOut: the session is gone (Ret 1100, 1101, 1102); the person
	// has to log in to web WeChat again.
	ErrLoggedOut = errors.New("logged out of web WeChat")
	// ErrTooFrequent: the server's frequency limit (Ret 1205). Nothing was
	// sent; the same message may be retried later with the same ClientMsgId.
	ErrTooFrequent = errors.New("sending too frequently")
	ErrParam       = errors.New("parameter error")
	ErrSystem      = errors.New("server system error")
	ErrLogic       = errors.New("server logic error")
	ErrTicket      = errors.New("ticket error")
	ErrUnparsable  = errors.New("request not parsable")
	ErrGroupGone   = errors.New("group no longer exists")
	ErrLoginDenied = errors.New("web login refused")
	ErrSelfMessage = errors.New("cannot message yourself")
	// ErrUncertain: a send failed after its request may have reached the
	// server. It is never retried by this package; the caller decides, and
	// a retry must reuse the same ClientMsgId.
	ErrUncertain = errors.New("the message may or may not have been sent")
	// ErrBadResponse: the server answered with something other than the
	// expected JSON (an HTML page, an empty or truncated body).
	ErrBadResponse = errors.New("unexpected response")
)

// retMeaning is the wording and sentinel of a BaseResponse.Ret (§9); ""
// and nil for a Ret it does not know. A switch, not a map: a map would be built at
// every start of the service worker.
func retMeaning(ret int) (text string, sentinel error) {
	switch ret {
	case -1:
		return "system error", ErrSystem
	case -2:
		return "logic error", ErrLogic
	case -14:
		return "ticket error", ErrTicket
	case 1:
		return "parameter error", ErrParam
	case 1100:
		return "session does not exist (logged out on the phone)", ErrLoggedOut
	case 1101:
		return "session invalid (logged in elsewhere)", ErrLoggedOut
	case 1102:
		return "cookie invalid or missing", ErrLoggedOut
	case 1200:
		return "request not parsable", ErrUnparsable
	case 1201:
		return "group no longer exists", ErrGroupGone
	case 1203:
		return "web login refused", ErrLoginDenied
	case 1204:
		return "message to self refused", ErrSelfMessage
	case 1205:
		return "frequency limit", ErrTooFrequent
	}
	return "", nil
}

// Error is a non-zero BaseResponse.Ret from an endpoint.
type Error struct {
	Endpoint string // e.g. "webwxsendmsg"
	Ret      int
	ErrMsg   string
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s: Ret %d", e.Endpoint, e.Ret)
	if text, _ := retMeaning(e.Ret); text != "" {
		s += " (" + text + ")"
	}
	if e.ErrMsg != "" {
		s += ": " + e.ErrMsg
	}
	return s
}

// Is matches the sentinel for the Ret code.
func (e *Error) Is(target error) bool {
	_, sentinel := retMeaning(e.Ret)
	return sentinel != nil && sentinel == target
}

// HTTPError is a response whose status is not 2xx.
type HTTPError struct {
	Endpoint   string
	StatusCode int
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("%s: HTTP status %d", e.Endpoint, e.StatusCode)
}

// DecodeError is a 2xx response that is not the JSON the endpoint answers
// with. Kind says what it was instead, in a few words.
type DecodeError struct {
	Endpoint string
	Kind     string // "empty body", "HTML page", "truncated JSON", "invalid JSON"
	Err      error
}

func (e *DecodeError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: unexpected response: %s: %v", e.Endpoint, e.Kind, e.Err)
	}
	return fmt.Sprintf("%s: unexpected response: %s", e.Endpoint, e.Kind)
}
func (e *DecodeError) Unwrap() error   { return e.Err }
func (e *DecodeError) Is(t error) bool { return t == ErrBadResponse }

// TransportError is a request that got no response: the network, a
// cancelled context, the fetch bridge. Its message carries no URL (the URL of
// a request holds skey and pass_ticket).
type TransportError struct {
	Endpoint string
	Err      error
}

func (e *TransportError) Error() string { return fmt.Sprintf("%s: %v", e.Endpoint, e.Err) }
func (e *TransportError) Unwrap() error { return e.Err }

// UncertainError is a send whose request may have reached the server but
// whose answer was lost. It wraps what went wrong.
type UncertainError struct {
	Endpoint    string
	ClientMsgID string
	Err         error
}

func (e *UncertainError) Error() string {
	return fmt.Sprintf("%s: message %s may or may not have been sent: %v", e.Endpoint, e.ClientMsgID, e.Err)
}
func (e *UncertainError) Unwrap() error   { return e.Err }
func (e *UncertainError) Is(t error) bool { return t == ErrUncertain }

// stripURL drops the URL a *url.Error puts into its message (net/http's
// client wraps every transport error in one), keeping the operation and cause.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &opError{op: ue.Op, err: ue.Err}
	}
	return err
}

type opError struct {
	op  string
	err error
}

func (e *opError) Error() string { return strings.ToLower(e.op) + ": " + e.err.Error() }
func (e *opError) Unwrap() error { return e.err }

// redactor removes session secrets from text as a last line of defence: a
// server's ErrMsg or a transport's message could echo a URL.
type redactor []string

func newRedactor(s Session) redactor {
	var r redactor
	for _, v := range []string{s.Skey, s.PassTicket, s.passTicketDecoded(), s.DataTicket, s.Sid, url.QueryEscape(s.Skey), url.QueryEscape(s.PassTicket), url.QueryEscape(s.DataTicket), url.QueryEscape(s.Sid)} {
		if len(v) >= 4 && v != "undefined" {
			r = append(r, v)
		}
	}
	return r
}

func (r redactor) clean(s string) string {
	for _, v := range r {
		s = strings.ReplaceAll(s, v, "[redacted]")
	}
	return s
}

// redactedError keeps the chain of err (errors.Is/As still work) but prints
// text with the secrets removed.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

func (r redactor) wrap(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if c := r.clean(msg); c != msg {
		return &redactedError{msg: c, err: err}
	}
	return err
}
