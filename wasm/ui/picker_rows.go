//go:build js && wasm

package ui

// The picker's rows: one li.chat a chat, made by cloning an empty row and
// written only where what it shows changed.

import (
	"strconv"
	"syscall/js"
)

// jsText holds the strings the picker hands to JavaScript at most
// keystrokes, made into JavaScript values once: syscall/js makes each Go
// string argument a new value with a finalizer (runtime.SetFinalizer),
// and the finalizers' bookkeeping (runtime.addspecial) was the Go
// function of most self time in a profile of typing in the popup.
var jsText struct {
	active, selected, group, broken, ariaSelected, dataUser, src, yes, no js.Value
	ariaActive, ariaPos, ariaSize                                         js.Value
}

// makeJSText fills jsText.
func makeJSText() {
	t := &jsText
	t.active, t.selected, t.group, t.broken = js.ValueOf("active"), js.ValueOf("selected"), js.ValueOf("group"), js.ValueOf("broken")
	t.ariaSelected, t.dataUser, t.src = js.ValueOf("aria-selected"), js.ValueOf("data-user"), js.ValueOf("src")
	t.yes, t.no = js.ValueOf("true"), js.ValueOf("false")
	t.ariaActive, t.ariaPos, t.ariaSize = js.ValueOf("aria-activedescendant"), js.ValueOf("aria-posinset"), js.ValueOf("aria-setsize")
}

// chatRow is the li.chat of one chat. It remembers what it shows, so a
// keystroke writes only what changed: every call into JavaScript costs
// microseconds, and 50 rows of blind writes took most of a frame.
type chatRow struct {
	li, cls, img, name, nick, tag js.Value
	// check is the row's checkbox, shown while many chats are picked.
	check                         js.Value
	ticked                        bool
	user, src, nameText, nickText string
	group, selected, active       bool
	used                          int
	// id is the row's element id, given when it is first under the
	// cursor (#search's aria-activedescendant names it); pos and size are
	// its aria-posinset and aria-setsize: not every option of the list
	// is in the page.
	id        string
	pos, size int
}

// place writes the row's position in the list and the list's size where
// they changed.
func (r *chatRow) place(pos, size int) {
	if r.pos != pos {
		r.pos = pos
		r.li.Call("setAttribute", jsText.ariaPos, pos)
	}
	if r.size != size {
		r.size = size
		r.li.Call("setAttribute", jsText.ariaSize, size)
	}
}

// nameRow gives the row an element id of its own.
func (k *picker) nameRow(r *chatRow) {
	k.rowSeq++
	r.id = "chat-" + strconv.Itoa(k.rowSeq)
	r.li.Set("id", r.id)
}

// set toggles a class (a jsText value) of the row when it differs from
// what it shows.
func (r *chatRow) set(class js.Value, on bool, shown *bool) {
	if *shown != on {
		*shown = on
		r.cls.Call("toggle", class, on)
	}
}

// newRow makes a chat row: checkbox, avatar, name, nick name, group tag.
// It clones an empty row: building each anew took some forty calls into
// JavaScript, most with a string that became a value with a finalizer,
// and a query of fifty new chats made fifty rows.
func (k *picker) newRow() *chatRow {
	li := k.emptyRow().Call("cloneNode", true)
	r := &chatRow{li: li, cls: li.Get("classList")}
	r.check = li.Get("firstElementChild")
	r.parts(r.check.Get("nextElementSibling"))
	return r
}

// parts finds the row's parts from its avatar on, in the order emptyRow
// makes them and instant.js's rows have them (img, span.names of
// span.name and span.nick, span.tag): walking the row made no value a
// selector would.
func (r *chatRow) parts(img js.Value) {
	r.img = img
	names := img.Get("nextElementSibling")
	r.tag = names.Get("nextElementSibling")
	r.name = names.Get("firstElementChild")
	r.nick = r.name.Get("nextElementSibling")
}

// emptyRow is the row newRow clones (made at the first call).
func (k *picker) emptyRow() js.Value {
	if k.template.IsUndefined() {
		k.template = k.makeEmptyRow()
	}
	return k.template
}

// makeEmptyRow makes emptyRow's row.
func (k *picker) makeEmptyRow() js.Value {
	li, img := k.p.create("li", "chat"), k.p.create("img", "avatar")
	li.Call("setAttribute", "role", "option")
	li.Call("setAttribute", "aria-selected", "false")
	img.Set("loading", "lazy")
	img.Set("decoding", "async")
	img.Set("alt", "")
	names := k.p.create("span", "names")
	nick := k.p.create("span", "nick")
	nick.Set("hidden", true)
	names.Call("append", k.p.create("span", "name"), nick)
	tag := k.p.create("span", "tag")
	tag.Set("textContent", tr("group_tag"))
	tag.Set("hidden", true)
	check := k.p.create("input", "check")
	check.Set("type", "checkbox")
	check.Set("tabIndex", -1)
	li.Call("append", check, img, names, tag)
	return li
}

// fill shows contact ci in row r, writing only what changed.
func (k *picker) fill(r *chatRow, ci int) {
	c := k.ix.Contact(ci)
	if r.user != c.UserName {
		r.user = c.UserName
		r.li.Call("setAttribute", jsText.dataUser, c.UserName)
	}
	if name := k.ix.Display(ci); r.nameText != name {
		r.nameText = name
		r.name.Set("textContent", name)
	}
	if nick := k.ix.Nick(ci); r.nickText != nick {
		if (r.nickText == "") != (nick == "") {
			r.nick.Set("hidden", nick == "")
		}
		r.nickText = nick
		r.nick.Set("textContent", nick)
	}
	if r.group != c.Group {
		r.tag.Set("hidden", !c.Group)
		r.set(jsText.group, c.Group, &r.group)
	}
	if r.src != c.HeadImgURL {
		r.src = c.HeadImgURL
		if c.HeadImgURL == "" {
			r.img.Call("removeAttribute", "src")
			r.img.Get("classList").Call("add", jsText.broken)
		} else {
			r.img.Get("classList").Call("remove", jsText.broken)
			r.img.Set("src", c.HeadImgURL)
		}
	}
	r.set(jsText.selected, k.picked != "" && c.UserName == k.picked, &r.selected)
	if on := k.many != nil && k.many.ticked(c.UserName); r.ticked != on {
		r.ticked = on
		r.check.Set("checked", on)
	}
}
