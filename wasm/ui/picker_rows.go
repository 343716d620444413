//go:build js && wasm

package ui

// The picker's rows: one li.chat a chat, drawn by extension/pages/rows.js.
// This side remembers what each row shows and collects what changed in
// one render into rowOps, which rows.js applies in one call: each call
// into JavaScript cost some 5–13 µs (syscall/js converts every argument
// and sets a finalizer on every object it returns), and a keystroke that
// listed twelve new chats made some 200 of them, most of its time
// (e2e/cmd/figures -cpu).

import (
	"strconv"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/jsonlite"
)

// chatRow is the li.chat of one chat: its number in rows.js and what it
// shows, so that a render says only what changed.
type chatRow struct {
	n                             int
	user, src, nameText, nickText string
	group, selected, active       bool
	ticked                        bool
	// used is the last render that showed the row (picker.forget).
	used int
	// pos and size are its aria-posinset and aria-setsize: not every
	// option of the list is in the page.
	pos, size int
}

// rowOps is the changes of one render, a JSON array of rows.js's ops
// (rows.js's apply says what each does).
type rowOps struct{ b []byte }

func (o *rowOps) start(op string, n int) {
	if len(o.b) == 0 {
		o.b = append(o.b, '[')
	}
	o.b = append(o.b, `["`...)
	o.b = append(o.b, op...)
	o.b = append(o.b, `",`...)
	o.b = strconv.AppendInt(o.b, int64(n), 10)
}

func (o *rowOps) end() { o.b = append(o.b, "],"...) }

// op is an op of row n with no argument.
func (o *rowOps) op(op string, n int) {
	o.start(op, n)
	o.end()
}

// text is an op of row n with a string.
func (o *rowOps) text(op string, n int, s string) {
	o.start(op, n)
	o.b = append(o.b, ',')
	o.b = jsonlite.AppendString(o.b, s)
	o.end()
}

// flag is an op of row n with a boolean, after the strings in pre.
func (o *rowOps) flag(op string, n int, on bool, pre ...string) {
	o.start(op, n)
	for _, s := range pre {
		o.b = append(o.b, ',')
		o.b = jsonlite.AppendString(o.b, s)
	}
	o.b = append(o.b, ',')
	o.b = strconv.AppendBool(o.b, on)
	o.end()
}

// ints is an op of row n with numbers.
func (o *rowOps) ints(op string, n int, v ...int) {
	o.start(op, n)
	for _, x := range v {
		o.b = append(o.b, ',')
		o.b = strconv.AppendInt(o.b, int64(x), 10)
	}
	o.end()
}

// flush sends the ops to rows.js, if there are any.
func (k *picker) flush() {
	if len(k.ops.b) == 0 {
		return
	}
	k.ops.b[len(k.ops.b)-1] = ']'
	k.rowsJS.Call("apply", string(k.ops.b))
	k.ops.b = k.ops.b[:0]
}

// class toggles a class of the row when it differs from what it shows.
func (k *picker) class(r *chatRow, class string, on bool, shown *bool) {
	if *shown != on {
		*shown = on
		k.ops.flag("class", r.n, on, class)
	}
}

// newRow makes a chat row (rows.js copies an empty one).
func (k *picker) newRow() *chatRow {
	k.rowSeq++
	r := &chatRow{n: k.rowSeq}
	k.ops.op("new", r.n)
	return r
}

// fill shows contact ci in row r, saying only what changed.
func (k *picker) fill(r *chatRow, ci int) {
	c := k.ix.Contact(ci)
	if r.user != c.UserName {
		r.user = c.UserName
		k.ops.text("user", r.n, c.UserName)
	}
	if name := k.ix.Display(ci); r.nameText != name {
		r.nameText = name
		k.ops.text("name", r.n, name)
	}
	if nick := k.ix.Nick(ci); r.nickText != nick {
		r.nickText = nick
		k.ops.text("nick", r.n, nick)
	}
	if r.group != c.Group {
		r.group = c.Group
		k.ops.flag("group", r.n, c.Group)
	}
	if r.src != c.HeadImgURL {
		r.src = c.HeadImgURL
		k.ops.text("src", r.n, c.HeadImgURL)
	}
	k.class(r, "selected", k.picked != "" && c.UserName == k.picked, &r.selected)
	if on := k.many != nil && k.many.ticked(c.UserName); r.ticked != on {
		r.ticked = on
		k.ops.flag("tick", r.n, on)
	}
}

// place says the row's position in the list and the list's size where
// they changed.
func (k *picker) place(r *chatRow, pos, size int) {
	if r.pos != pos || r.size != size {
		r.pos, r.size = pos, size
		k.ops.ints("place", r.n, pos, size)
	}
}

// adopted is what rows.js's adopt says an instant.js row shows.
type adopted struct {
	N                      int
	User, Src, Name, Nick  string
	Hidden, Group, Sel, On bool
}

func (a *adopted) Fields(f *jsonlite.Fields) {
	jsonlite.Int(f, "n", &a.N, jsonlite.Keep)
	jsonlite.Str(f, "u", &a.User, jsonlite.Keep)
	jsonlite.Str(f, "s", &a.Src, jsonlite.Keep)
	jsonlite.Str(f, "t", &a.Name, jsonlite.Keep)
	jsonlite.Str(f, "k", &a.Nick, jsonlite.Keep)
	jsonlite.Bool(f, "h", &a.Hidden, jsonlite.Keep)
	jsonlite.Bool(f, "g", &a.Group, jsonlite.Keep)
	jsonlite.Bool(f, "sel", &a.Sel, jsonlite.Keep)
	jsonlite.Bool(f, "act", &a.On, jsonlite.Keep)
}

// adoptRows numbers the li.chat rows lis (instant.js's) in rows.js and
// returns what each shows. Hidden rows leave the list, shown again.
func (k *picker) adoptRows(lis js.Value) ([]adopted, error) {
	var out []adopted
	text := k.rowsJS.Call("adopt", lis, k.rowSeq+1).String()
	err := jsonlite.DecodeWith(text, func(d *jsonlite.Decoder) error {
		_, err := d.Elements(func() error {
			var a adopted
			if err := d.Object(&a); err != nil {
				return err
			}
			out = append(out, a)
			return nil
		})
		return err
	})
	k.rowSeq += len(out)
	return out, err
}
