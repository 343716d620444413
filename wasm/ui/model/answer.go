package model

import (
	"github.com/wxdrop/wxdrop/wasm/jsonlite"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// Internal is an INTERNAL error with a detail for a person to report:
// the service worker not answering, an answer that cannot be read.
func Internal(detail string) *msg.Error {
	return &msg.Error{Code: msg.ErrInternal, Detail: detail}
}

// answer is the envelope of every reply of the service worker.
type answer struct {
	OK    jsonlite.Raw
	Error *msg.Error
}

func (a *answer) Fields(f *jsonlite.Fields) {
	jsonlite.JSON(f, "ok", &a.OK, jsonlite.Keep)
	jsonlite.Ptr(f, "error", &a.Error, jsonlite.Keep)
}

// Decode reads an answer's JSON text into out (nil: the result is not
// wanted). An {"error"} answer comes back as that error; an answer that is
// missing or unreadable is an INTERNAL one.
func Decode(text string, out jsonlite.Object) *msg.Error {
	if out == nil {
		return DecodeWith(text, nil)
	}
	return DecodeWith(text, func(ok string) error { return jsonlite.Decode(ok, out) })
}

// DecodeWith is Decode for a result that is not an object: read reads
// the answer's "ok" JSON (nil: the result is not wanted).
func DecodeWith(text string, read func(ok string) error) *msg.Error {
	if text == "" {
		return Internal("no answer from the service worker")
	}
	var a answer
	if err := jsonlite.Decode(text, &a); err != nil {
		return Internal("unreadable answer: " + err.Error())
	}
	if a.Error != nil {
		if a.Error.Code == "" {
			a.Error.Code = msg.ErrInternal
		}
		return a.Error
	}
	if read == nil || len(a.OK) == 0 || string(a.OK) == "null" {
		return nil
	}
	if err := read(string(a.OK)); err != nil {
		return Internal("unreadable answer: " + err.Error())
	}
	return nil
}
