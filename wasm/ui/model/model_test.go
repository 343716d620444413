package model

import (
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

func TestDecode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		text     string
		wantCode msg.Code
		wantNick string
	}{
		{"ok", `{"ok":{"status":"ready","nickName":"张三"}}`, "", "张三"},
		{"ok null", `{"ok":null}`, "", ""},
		{"no ok", `{}`, "", ""},
		{"error", `{"error":{"code":"LOGGED_OUT"}}`, msg.ErrLoggedOut, ""},
		{"error without code", `{"error":{}}`, msg.ErrInternal, ""},
		{"no answer", ``, msg.ErrInternal, ""},
		{"not JSON", `<html>`, msg.ErrInternal, ""},
		{"ok of the wrong shape", `{"ok":[1]}`, msg.ErrInternal, ""},
	}
	for _, tt := range tests {
		var st msg.State
		err := Decode(tt.text, &st)
		var code msg.Code
		if err != nil {
			code = err.Code
		}
		if code != tt.wantCode || st.NickName != tt.wantNick {
			t.Errorf("%s: Decode = %v, %+v; want code %q, nick %q", tt.name, err, st, tt.wantCode, tt.wantNick)
		}
	}
	if err := Decode(`{"ok":{"a":1}}`, nil); err != nil {
		t.Errorf("Decode with no result wanted = %v", err)
	}
}

func TestErrorText(t *testing.T) {
	t.Parallel()
	for _, loc := range []string{"en", "zh_CN"} {
		tr := translator(loadLocale(t, loc))
		for _, code := range msg.Codes() {
			s := msg.Text(tr, &msg.Error{Code: code})
			if s == "" || strings.Contains(s, "$") {
				t.Errorf("%s: msg.Text(%s) = %q", loc, code, s)
			}
			if d := msg.Text(tr, &msg.Error{Code: code, Detail: "Ret 1"}); !strings.Contains(d, "Ret 1") {
				t.Errorf("%s: msg.Text(%s with detail) = %q lacks the detail", loc, code, d)
			}
		}
	}
	en := translator(loadLocale(t, "en"))
	tests := []struct {
		err  *msg.Error
		want string
	}{
		{nil, ""},
		{&msg.Error{Code: msg.ErrLoggedOut}, "You are not logged in to web WeChat. Open wx.qq.com and log in."},
		{&msg.Error{Code: msg.ErrServer, Detail: "Ret 1"}, "Web WeChat refused the request (Ret 1). Reload wx.qq.com and try again."},
		{&msg.Error{Code: msg.ErrFileGone, Detail: "a.pdf"}, "The file is no longer available to wxdrop. Choose it again. (a.pdf)"},
		{&msg.Error{Code: "NEWER"}, "wxdrop ran into a problem of its own (NEWER). Close this window and try again; if it keeps happening, reload the extension."},
		{&msg.Error{Code: "NEWER", Detail: "x"}, "wxdrop ran into a problem of its own (NEWER: x). Close this window and try again; if it keeps happening, reload the extension."},
	}
	for _, tt := range tests {
		if got := msg.Text(en, tt.err); got != tt.want {
			t.Errorf("msg.Text(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
	if s := msg.Text(en, &msg.Error{Code: msg.ErrUncertain}); !strings.Contains(s, "may already have been sent") || !strings.Contains(s, "Check the chat") {
		t.Errorf("UNCERTAIN reads %q", s)
	}
	zh := translator(loadLocale(t, "zh_CN"))
	if s := msg.Text(zh, &msg.Error{Code: msg.ErrLoggedOut}); s != "未登录网页版微信。请打开 wx.qq.com 并登录。" {
		t.Errorf("zh_CN LOGGED_OUT reads %q", s)
	}
}

func TestFormatSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n    int64
		want string
	}{
		{-1, "0 B"},
		{0, "0 B"},
		{1023, "1023 B"},
		{1024, "1 KB"},
		{1536, "1.5 KB"},
		{10 * 1024, "10 KB"},
		{1048575, "1 MB"},
		{25 * 1024 * 1024, "25 MB"},
		{3*1024*1024*1024 + 1, "3 GB"},
		{5 << 50, "5120 TB"},
	}
	for _, tt := range tests {
		if got := FormatSize(tt.n); got != tt.want {
			t.Errorf("FormatSize(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestMove(t *testing.T) {
	t.Parallel()
	tests := []struct{ cursor, delta, n, want int }{
		{0, 1, 3, 1}, {2, 1, 3, 2}, {0, -1, 3, 0}, {-1, 1, 3, 0}, {5, -1, 3, 2}, {0, 1, 0, -1},
	}
	for _, tt := range tests {
		if got := Move(tt.cursor, tt.delta, tt.n); got != tt.want {
			t.Errorf("Move(%d, %d, %d) = %d, want %d", tt.cursor, tt.delta, tt.n, got, tt.want)
		}
	}
	if More(60, 50) != 10 || More(3, 3) != 0 {
		t.Error("More is wrong")
	}
}
