//go:build js && wasm

package ui

import (
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

// The picker's keyboard: the keys of the search box it handles.

// keys are the search box's keys the picker handles, and what each does:
// the arrows move, Enter picks. rows.js calls into Go for these alone,
// and is given their names from here. (Made by the picker, not at the
// package's init: a package-level table of the picker's methods kept
// the picker and the search in options.wasm, 171 KB.)
func (k *picker) keys() map[string]func(e js.Value) {
	return map[string]func(e js.Value){
		"ArrowDown": func(e js.Value) { k.move(e, 1) },
		"ArrowUp":   func(e js.Value) { k.move(e, -1) },
		"Enter":     k.enter,
	}
}

// move moves the cursor by delta rows.
func (k *picker) move(e js.Value, delta int) {
	e.Call("preventDefault")
	k.cursor = model.Move(k.cursor, delta, len(k.hits))
	if k.cursor >= len(k.shownRows) {
		k.window = model.MaxRows
		k.draw()
	} else {
		k.markCursor()
	}
	if k.cursor >= 0 {
		k.ops.op("view", k.shownRows[k.cursor].n)
	}
	k.flush()
}

// enter picks the cursor's row, or ticks it when sending to many.
func (k *picker) enter(e js.Value) {
	if e.Get("isComposing").Bool() {
		return // Enter ends an IME composition; it picks nothing
	}
	e.Call("preventDefault")
	if k.cursor >= 0 && k.cursor < len(k.hits) && k.many != nil && k.many.on {
		ci := k.hits[k.cursor]
		k.many.toggle(k.ix.Contact(ci).UserName, k.ix.Display(ci))
	} else if k.cursor >= 0 && k.cursor < len(k.hits) {
		k.pick(k.cursor)
	}
}

// onTyped renders the search box's text at each change, but not while an
// input method composes it (compositionstart to compositionend): the
// box then holds the keys typed, not the text meant — pinyin with its
// separators (zhang'san), Wubi or Cangjie codes, zhuyin, kana — and the
// list said "No chat matches" while 张三 was being typed. The last list
// stays until the composed text is committed, which compositionend
// renders (Chromium's last input event of a composition comes before it,
// still composing). The pinyin is not searched meanwhile: only a pinyin
// input method's keys are pinyin, and a list that follows the keys of
// another one would say no chat matches again.
func (k *picker) onTyped() {
	on(k.search, "input", func(e js.Value) {
		// Truthy: an input event a script makes (new Event('input'), as
		// the tests and some password managers do) has no isComposing,
		// and Bool of undefined ended popup.wasm.
		if !e.Get("isComposing").Truthy() {
			k.render()
		}
	})
	on(k.search, "compositionend", func(js.Value) { k.render() })
}
