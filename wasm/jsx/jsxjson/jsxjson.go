//go:build js && wasm

// Package jsxjson is jsx's storage and tab messages for any Go value, by
// encoding/json: for the service worker, which keeps encoding/json. The
// pages use jsx's own, with jsonlite codecs: importing encoding/json at
// all costs a program some 386 KB.
package jsxjson

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/wxdrop/wxdrop/wasm/browser"
	"github.com/wxdrop/wxdrop/wasm/jsx"
)

// StorageGet reads key and decodes its JSON into v; found is false when
// the key is not set. Values are stored as JSON text so that every side
// reads them the same way.
func StorageGet(ctx context.Context, area browser.Area, key string, v any) (found bool, err error) {
	text, found, err := jsx.StorageGetText(ctx, area, key)
	if err != nil || !found {
		return false, err
	}
	return true, json.Unmarshal([]byte(text), v)
}

// StorageSet stores v as JSON text under key.
func StorageSet(ctx context.Context, area browser.Area, key string, v any) error {
	b, err := storedJSON(v)
	if err != nil {
		return err
	}
	return jsx.StorageSetText(ctx, area, key, string(b))
}

// storedJSON is v's JSON as stored: without encoding/json's escapes of
// & < > (the text never goes into HTML). The avatar URL of every contact
// has a '&', and the popup's decoder (model.DecodeContacts) reads a string
// with an escape some 2.3 times slower than one it can slice (5,000
// contacts under Node: 19–23 ms against 8.5–9.3 ms).
func storedJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// SendToTab sends a message to the content scripts of a tab and decodes
// the answer into out.
func SendToTab(ctx context.Context, tabID int, msg any, out any) error {
	b, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	res, err := jsx.SendToTabText(ctx, tabID, string(b))
	if err != nil || out == nil || res == "" {
		return err
	}
	return json.Unmarshal([]byte(res), out)
}
