//go:build js && wasm

package ui

import (
	"context"
	"strconv"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/search"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

// msgExportOptions is the options' messages export (#msgexport-*): a
// chat with kept messages, a first and a last day, and a format; the file
// is saved to Downloads through a blob: URL, as the contacts' export.
type msgExportOptions struct {
	p              *page
	chat, from, to js.Value
	state          js.Value
	chats          []msg.KeptChat
}

func newMsgExportOptions(p *page) *msgExportOptions {
	v := &msgExportOptions{p: p, chat: p.byID("msgexport-chat"), from: p.byID("msgexport-from"),
		to: p.byID("msgexport-to"), state: p.byID("msgexport-state")}
	// The chats are read again when the picker is opened: messages
	// arrive while the page is open.
	on(p.byID("msgexport-chat"), "focus", func(js.Value) { go v.load() })
	onExportClick(p, "msgexport-", []string{"json", "html"}, v.export)
	return v
}

// onExportClick runs export in the background when the button of id
// prefix+format is clicked, with the "downloads" permission asked in the
// click's own handler (the browser needs the gesture).
func onExportClick(p *page, prefix string, formats []string, export func(format string, allowed func(context.Context) (bool, error))) {
	for _, f := range formats {
		format := f
		on(p.byID(prefix+format), "click", func(js.Value) {
			allowed := askDownloads(p)
			go export(format, allowed)
		})
	}
}

var keptChats = jsonlite.SliceValue(jsonlite.ObjectValue[*msg.KeptChat]())

// load fills the chat picker with the chats that have kept messages,
// keeping the one picked.
func (v *msgExportOptions) load() {
	var chats []msg.KeptChat
	text, e := ask(msg.KeptChats, nil)
	if e == nil {
		e = model.DecodeWith(text, func(ok string) error { return jsonlite.DecodeValue(ok, &chats, keptChats) })
	}
	if e != nil {
		v.p.err.show(e)
		return
	}
	picked := value(v.chat)
	v.chats = chats
	v.chat.Set("textContent", "")
	if len(chats) == 0 {
		o := v.p.create("option", "")
		o.Set("value", "")
		o.Set("textContent", tr("msgexport_none"))
		v.chat.Call("append", o)
	}
	for _, c := range chats {
		o := v.p.create("option", "")
		o.Set("value", c.Chat)
		// A blank name in quotes, as the popup shows it: "ㅤ (3)" read
		// as a chat without a name.
		name := search.Shown(c.Name)
		if name == "" {
			name = c.Chat
		}
		o.Set("textContent", tr("msgexport_chat_item", name, strconv.Itoa(c.Count)))
		if c.Chat == picked {
			o.Set("selected", true)
		}
		v.chat.Call("append", o)
	}
	v.chat.Get("dataset").Set("loaded", strconv.Itoa(len(chats)))
}

// export asks the worker for the chat's messages between the days and
// saves the file.
func (v *msgExportOptions) export(format string, allowed func(context.Context) (bool, error)) {
	b := msg.ExportMessagesBody{Chat: value(v.chat), Format: format}
	// A date input's value is "YYYY-MM-DD" or empty: the worker reads it
	// in the person's zone.
	if d := value(v.from); d != "" {
		b.From = jsonlite.AppendString(nil, d)
	}
	if d := value(v.to); d != "" {
		b.To = jsonlite.AppendString(nil, d)
	}
	saveExport(v.p, msg.ExportMessages, &b, v.state, allowed)
}

// saveExport asks the worker for an export (name, body) and saves the
// file to Downloads through a blob: URL, never a WeChat URL; state says
// where it went (its data-saved too, for the tests).
func saveExport(p *page, name string, body jsonlite.Object, state js.Value, allowed func(context.Context) (bool, error)) {
	ctx := context.Background()
	if ok, _ := allowed(ctx); !ok {
		p.err.show(&msg.Error{Code: msg.ErrNoDownloads})
		return
	}
	var ex msg.Export
	if e := request(name, body, &ex); e != nil {
		p.err.show(e)
		return
	}
	data := ex.Data
	if data == nil {
		data = []byte(ex.Text)
	}
	saved, err := jsx.SaveBytes(ctx, data, ex.Type, ex.Name)
	if err != nil {
		code := msg.ErrSaveFailed
		if err == jsx.ErrNoDownloads {
			code = msg.ErrNoDownloads
		}
		p.err.show(&msg.Error{Code: code, Detail: err.Error()})
		return
	}
	p.err.clear()
	setText(state, tr("export_saved", saved))
	state.Get("dataset").Set("saved", saved)
}
