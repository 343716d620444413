//go:build js && wasm

package worker

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestFetchError: what the browser's fetch said becomes the code a page
// puts in words; an error already said (a refused redirect, the
// context's end) passes as it is.
func TestFetchError(t *testing.T) {
	t.Parallel()
	refused := &msg.Error{Code: msg.ErrRedirectRefused, Detail: "evil.example"}
	tests := []struct {
		name   string
		err    error
		tooBig bool
		// want is the *msg.Error said; same: err itself is.
		want *msg.Error
		same bool
	}{
		{name: "kept", err: nil},
		{name: "an error status", err: &jsx.HTTPError{Status: 404}, want: &msg.Error{Code: msg.ErrSourceRefused, Detail: "404"}},
		{name: "a wrapped status", err: fmt.Errorf("fetch: %w", &jsx.HTTPError{Status: 503}), want: &msg.Error{Code: msg.ErrSourceRefused, Detail: "503"}},
		{name: "longer than the limit as read", err: jsx.ErrTooBig, want: &msg.Error{Code: msg.ErrOutboxFull}},
		{name: "longer than the limit as said", tooBig: true, want: &msg.Error{Code: msg.ErrOutboxFull}},
		{name: "unreachable", err: jsx.ErrUnreachable, want: &msg.Error{Code: msg.ErrUnreachable}},
		{name: "unreachable, though said too long", err: jsx.ErrUnreachable, tooBig: true, want: &msg.Error{Code: msg.ErrUnreachable}},
		{name: "a torn body", err: jsx.ErrTornBody, want: &msg.Error{Code: msg.ErrSourceTorn}},
		{name: "a refused redirect", err: refused, same: true},
		{name: "the context's end", err: context.Canceled, same: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fetchError(tt.err, tt.tooBig)
			checkError(t, got, tt.err, tt.want, tt.same)
		})
	}
}

// TestSaveError: the person not allowing saves and the browser's
// interruption are told apart; any other failure is SAVE_FAILED with
// what went wrong.
func TestSaveError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want *msg.Error
	}{
		{"not allowed", jsx.ErrNoDownloads, &msg.Error{Code: msg.ErrNoDownloads}},
		{"not allowed, wrapped", fmt.Errorf("save: %w", jsx.ErrNoDownloads), &msg.Error{Code: msg.ErrNoDownloads}},
		{"interrupted", &jsx.SaveError{Reason: "FILE_NO_SPACE"}, &msg.Error{Code: msg.ErrSaveFailed, Detail: "FILE_NO_SPACE"}},
		{"anything else", errors.New("no blob"), &msg.Error{Code: msg.ErrSaveFailed, Detail: "no blob"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkError(t, saveError(tt.err), tt.err, tt.want, false)
		})
	}
}

// checkError checks that got is want (by code and detail), or in is
// (same), or nil when neither is asked.
func checkError(t *testing.T, got, in error, want *msg.Error, same bool) {
	t.Helper()
	switch {
	case same:
		if got != in {
			t.Errorf("got %v, want %v as it is", got, in)
		}
	case want == nil:
		if got != nil {
			t.Errorf("got %v, want nil", got)
		}
	default:
		var me *msg.Error
		if !errors.As(got, &me) {
			t.Fatalf("got %v (%T), want %s", got, got, want.Code)
		}
		if me.Code != want.Code || me.Detail != want.Detail {
			t.Errorf("got %s %q, want %s %q", me.Code, me.Detail, want.Code, want.Detail)
		}
	}
}
