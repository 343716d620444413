//go:build js && wasm

package ui

import (
	"strings"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/jsx"
)

// clock writes the times of the rows in the person's language and the
// browser's zone: today's as a time ("08:00"), others with their date
// ("24 Nov 2026, 08:00"). It keeps one Intl.DateTimeFormat per style
// (Date.toLocaleString builds a new one on every call) and the texts it
// made, so a render of many rows costs few calls into JavaScript.
type clock struct {
	full, short js.Value
	texts       map[int64]string
	// today is [start, end) of the local day, in Unix ms.
	todayStart, todayEnd int64
}

func newClock() *clock {
	lang := timeLocale(jsx.UILanguage(), tr("ui_lang"))
	format := func(opts map[string]any) js.Value {
		return js.Global().Get("Intl").Get("DateTimeFormat").New(lang, opts)
	}
	c := &clock{
		full:  format(map[string]any{"dateStyle": "medium", "timeStyle": "short"}),
		short: format(map[string]any{"timeStyle": "short"}),
		texts: map[int64]string{},
	}
	c.refresh()
	return c
}

// refresh finds today again; a popup left open past midnight calls it
// before a render.
func (c *clock) refresh() {
	d := js.Global().Get("Date").New()
	d.Call("setHours", 0, 0, 0, 0)
	start := int64(d.Call("getTime").Float())
	d.Call("setDate", d.Call("getDate").Int()+1)
	end := int64(d.Call("getTime").Float())
	if start != c.todayStart {
		c.todayStart, c.todayEnd = start, end
		clear(c.texts)
	}
}

// when is the text of Unix ms t.
func (c *clock) when(t int64) string {
	if s, ok := c.texts[t]; ok {
		return s
	}
	f := c.full
	if t >= c.todayStart && t < c.todayEnd {
		f = c.short
	}
	s := f.Call("format", float64(t)).String()
	c.texts[t] = s
	return s
}

// timeLocale is the locale times are written in: the browser's language
// (en-GB writes 24-hour times) when the texts around them are in that
// language, else the texts' own locale (messages.json's ui_lang, "zh-CN"),
// so that a sentence does not mix two languages. @@ui_locale was taken
// for the texts' locale, but Chromium can answer en_US while it shows the
// zh_CN texts: "6:33 AM · 工作日" (TestTimesInTheTextsLanguage).
func timeLocale(browser, messages string) string {
	messages = strings.ReplaceAll(messages, "_", "-")
	if messages == "" || messages == "ui-lang" {
		return browser
	}
	primary := func(s string) string { p, _, _ := strings.Cut(strings.ToLower(s), "-"); return p }
	if primary(browser) == primary(messages) {
		return browser
	}
	return messages
}
