package model

import (
	"encoding/json"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// ErrInternal is the code of failures inside the extension itself: the
// service worker not answering, an answer that cannot be read. It is not
// one of the worker's codes (msg), only the pages produce it.
const ErrInternal = "INTERNAL"

// Internal is an INTERNAL error with a detail for a person to report.
func Internal(detail string) *msg.Error {
	return &msg.Error{Code: ErrInternal, Detail: detail}
}

// answer is the envelope of every reply of the service worker.
type answer struct {
	OK    json.RawMessage `json:"ok"`
	Error *msg.Error      `json:"error"`
}

// Decode reads an answer's JSON text into out (nil: the result is not
// wanted). An {"error"} answer comes back as that error; an answer that is
// missing or unreadable is an INTERNAL one.
func Decode(text string, out any) *msg.Error {
	if text == "" {
		return Internal("no answer from the service worker")
	}
	var a answer
	if err := json.Unmarshal([]byte(text), &a); err != nil {
		return Internal("unreadable answer: " + err.Error())
	}
	if a.Error != nil {
		if a.Error.Code == "" {
			a.Error.Code = ErrInternal
		}
		return a.Error
	}
	if out == nil || len(a.OK) == 0 || string(a.OK) == "null" {
		return nil
	}
	if err := json.Unmarshal(a.OK, out); err != nil {
		return Internal("unreadable answer: " + err.Error())
	}
	return nil
}
