//go:build js && wasm

package ui

import (
	"context"
	"strconv"
	"syscall/js"
	"time"

	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/recall"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// recalledList is the popup's recalled messages (#recalled-section,
// #recalled): who, in which chat, when, and what they said; a kept
// media opens from IndexedDB through a blob: URL (never its WeChat URL).
type recalledList struct {
	p       *page
	section js.Value
	list    js.Value
}

func newRecalledList(p *page) *recalledList {
	return &recalledList{p: p, section: p.byID("recalled-section"), list: p.byID("recalled")}
}

// load shows the recalls, and again when the worker notes a new one.
func (v *recalledList) load() {
	// With keeping off (as it is until the person turns it on) there is
	// nothing to list, and a stopped worker is not woken to say so.
	var cfg recall.Config
	if _, err := jsx.StorageGet(context.Background(), jsx.Local, msg.RecallKey, &cfg); err == nil && cfg.On {
		v.refresh()
	}
	jsx.OnStorageChanged(jsx.Local, map[string]func(string){
		msg.RecallStampKey: func(string) { go v.refresh() },
	})
}

func (v *recalledList) refresh() {
	var rv recall.View
	if e := request(msg.GetRecall, nil, &rv); e != nil {
		v.p.err.show(e)
		return
	}
	v.render(rv.Recalled)
}

// recalledOriginal is what the list shows of a recalled message as the
// page API gave it ({"type", "text", "fileName", ...}; the names match
// without regard to case, as encoding/json's did for this struct without
// tags).
type recalledOriginal struct{ Type, Text, FileName string }

func (o *recalledOriginal) Fields(f *jsonlite.Fields) {
	jsonlite.Str(f, "Type", &o.Type, jsonlite.Keep)
	jsonlite.Str(f, "Text", &o.Text, jsonlite.Keep)
	jsonlite.Str(f, "FileName", &o.FileName, jsonlite.Keep)
}

// render lists the recalls, newest first (as the worker gives them).
func (v *recalledList) render(rs []recall.Recalled) {
	v.list.Set("textContent", "")
	for _, r := range rs {
		var om recalledOriginal
		kept := len(r.Original) > 0 && string(r.Original) != "null" && jsonlite.Decode(string(r.Original), &om) == nil
		li := v.p.create("li", "entry recalled")
		li.Get("dataset").Set("id", r.ID)
		head := v.p.create("div", "entry-head")
		who := v.p.create("strong", "title")
		name := r.SenderName
		if name == "" {
			name = r.ChatName
		}
		setText(who, search.Shown(name))
		head.Call("append", who)
		if r.ChatName != "" && r.ChatName != name {
			to := v.p.create("span", "entry-to")
			setText(to, tr("recall_in_chat", r.ChatName))
			head.Call("append", to)
		}
		body := v.p.create("div", "entry-body")
		texts := v.p.create("div", "texts")
		when := v.p.create("div", "when")
		at := r.Time
		if at == 0 {
			at = r.At
		}
		setText(when, tr("recall_when", time.UnixMilli(at).Format("01-02 15:04:05"), time.UnixMilli(r.At).Format("15:04:05")))
		what := v.p.create("div", "result what")
		switch {
		case !kept:
			setText(what, tr("recall_not_kept"))
			what.Set("className", "result warn what")
		case om.Text != "":
			setText(what, om.Text)
		default:
			setText(what, tr("recall_type_"+om.Type))
		}
		texts.Call("append", when, what)
		actions := v.p.create("div", "actions")
		switch {
		case kept && r.Media != "":
			if om.Type == "image" {
				// The image itself, from IndexedDB.
				img := v.p.create("img", "recalled-image")
				img.Set("alt", tr("recall_type_image"))
				img.Get("dataset").Set("media", r.Media)
				texts.Call("append", img)
				go v.show(img, r.Media)
			}
			b := v.p.create("button", "secondary open-media")
			b.Set("type", "button")
			setText(b, tr("recall_open"))
			b.Get("dataset").Set("media", r.Media)
			key, name, file := r.Media, r.MediaName, om.Type == "file"
			on(b, "click", func(js.Value) { go v.open(key, name, file) })
			actions.Call("append", b)
		case kept && r.MediaError != "":
			// The media's download failed as it arrived: its code.
			res := v.p.create("div", "result bad")
			setText(res, msg.Text(tr, &msg.Error{Code: msg.ErrRecallMediaLost}))
			texts.Call("append", res)
		}
		body.Call("append", texts, actions)
		li.Call("append", head, body)
		v.list.Call("append", li)
	}
	setHidden(v.section, len(rs) == 0)
}

// blobURL is a blob: URL of a kept media, from IndexedDB.
func (v *recalledList) blobURL(key string) (string, bool) {
	blob, err := jsx.IDBGet(context.Background(), msg.KeptDB, msg.KeptStore, key)
	if err != nil {
		v.p.err.show(&msg.Error{Code: msg.ErrRecallMediaLost})
		return "", false
	}
	return js.Global().Get("URL").Call("createObjectURL", blob).String(), true
}

// show puts a kept image in img.
func (v *recalledList) show(img js.Value, key string) {
	if u, ok := v.blobURL(key); ok {
		img.Set("src", u)
	}
}

// open shows a kept media in a new tab (a file is saved by its name).
func (v *recalledList) open(key, name string, file bool) {
	u, ok := v.blobURL(key)
	if !ok {
		return
	}
	a := v.p.create("a", "")
	a.Set("href", u)
	a.Set("target", "_blank")
	if file {
		a.Set("download", name)
	}
	a.Call("click")
}

// recallOptions is the options' switch and bounds (#recall-form).
type recallOptions struct {
	p            *page
	on, notify   js.Value
	days, mb     js.Value
	saved, usage js.Value
}

func newRecallOptions(p *page) *recallOptions {
	v := &recallOptions{
		p: p, on: p.byID("recall-on"), notify: p.byID("recall-notify"),
		days: p.byID("recall-days"), mb: p.byID("recall-mb"), saved: p.byID("recall-saved"), usage: p.byID("recall-usage"),
	}
	onSettingsForm(p, "recall-form", v.saved, func() {
		rc, ok := v.readForm()
		if !ok {
			return
		}
		go func() {
			if saveSettings(p, msg.SetRecall, &rc, v.saved, tr("recall_saved")) {
				v.load()
			}
		}()
	})
	return v
}

// readForm reads the switch and bounds the form holds (the worker bounds
// them again). A field that is no whole number, or 0, is refused here:
// the worker takes 0 for the default, and a person who cleared the field
// or typed 0 was told "Saved." of 2 days or 200 MB.
func (v *recallOptions) readForm() (recall.Config, bool) {
	c := recall.Config{On: checked(v.on), Notify: checked(v.notify)}
	for _, f := range []struct {
		in         js.Value
		label      string
		to         *int
		outOfRange msg.Code
	}{
		{v.days, "recall_days", &c.Days, msg.ErrRecallDays},
		{v.mb, "recall_mb", &c.MB, msg.ErrRecallSpace},
	} {
		n, err := strconv.Atoi(value(f.in))
		switch {
		case err != nil:
			v.p.err.text(tr("settings_not_number", tr(f.label)))
		case n == 0:
			v.p.err.show(&msg.Error{Code: f.outOfRange})
		default:
			*f.to = n
			continue
		}
		f.in.Call("focus")
		return c, false
	}
	return c, true
}

// load shows the settings as stored, and the room used.
func (v *recallOptions) load() {
	var rv recall.View
	if e := request(msg.GetRecall, nil, &rv); e != nil {
		v.p.err.show(e)
		return
	}
	days, space := rv.Config.Bounds()
	v.on.Set("checked", rv.Config.On)
	v.notify.Set("checked", rv.Config.Notify)
	v.days.Set("value", strconv.Itoa(int(days/(24*time.Hour))))
	v.mb.Set("value", strconv.FormatInt(space>>20, 10))
	setText(v.usage, tr("recall_usage", strconv.Itoa(rv.Kept), strconv.Itoa(rv.Media), sizeText(rv.Bytes)))
	v.usage.Get("dataset").Set("kept", strconv.Itoa(rv.Kept))
	v.usage.Get("dataset").Set("media", strconv.Itoa(rv.Media))
	v.on.Get("dataset").Set("loaded", "1")
}

// sizeText is a size in KB under a megabyte (at least 1), else in MB.
func sizeText(n int64) string {
	if n < 1<<20 {
		return strconv.FormatInt(max(1, (n+1023)>>10), 10) + " KB"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
}
