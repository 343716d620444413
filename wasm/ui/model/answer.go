package model

import (
	"encoding/json"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// Internal is an INTERNAL error with a detail for a person to report:
// the service worker not answering, an answer that cannot be read.
func Internal(detail string) *msg.Error {
	return &msg.Error{Code: msg.ErrInternal, Detail: detail}
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
			a.Error.Code = msg.ErrInternal
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
