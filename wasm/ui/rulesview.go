//go:build js && wasm

package ui

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall/js"
	"time"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
	"honnef.co/go/js/dom/v2"
)

// rulesView is the options' rules: the on switch (#rules-on), the list
// (#rules-list) with a delete button per rule, the form that adds one
// (#rule-form) and the log of what they did (#rules-log). The worker
// checks every rule before it keeps it, and says why it refuses one.
type rulesView struct {
	p    *page
	on   *dom.HTMLInputElement
	list js.Value
	log  js.Value
	// mu makes changes go one after the other, each on the rules the
	// previous one left (two quick clicks must not lose a rule).
	mu  sync.Mutex
	cfg rules.Config
}

func newRulesView(p *page) *rulesView {
	v := &rulesView{p: p, on: p.byID("rules-on").(*dom.HTMLInputElement), list: raw(p.byID("rules-list")), log: raw(p.byID("rules-log"))}
	val := func(id string) string { return strings.TrimSpace(raw(p.byID(id)).Get("value").String()) }
	kind := raw(p.byID("rule-kind"))
	showKind := func() {
		forward := kind.Get("value").String() == rules.KindForward
		for _, cls := range []string{"reply-only", "forward-only"} {
			els := p.rawDoc.Call("querySelectorAll", "#rule-form ."+cls)
			for i := 0; i < els.Length(); i++ {
				setHidden(els.Index(i), (cls == "reply-only") == forward)
			}
		}
	}
	kind.Call("addEventListener", "change", js.FuncOf(func(js.Value, []js.Value) any { showKind(); return nil }))
	v.on.AddEventListener("change", false, func(dom.Event) {
		on := v.on.Checked()
		go v.change(func(cfg *rules.Config) { cfg.On = on })
	})
	p.byID("rule-form").AddEventListener("submit", false, func(e dom.Event) {
		e.PreventDefault()
		r := rules.Rule{ID: strconv.FormatInt(time.Now().UnixNano(), 36), Kind: kind.Get("value").String(), On: true}
		if r.Kind == rules.KindForward {
			r.From, r.To = val("rule-from"), val("rule-to")
		} else {
			r.Match, r.Pattern, r.Reply = val("rule-match"), val("rule-pattern"), val("rule-reply")
			for _, c := range strings.Split(val("rule-chats"), ",") {
				if c = strings.TrimSpace(c); c != "" {
					r.Chats = append(r.Chats, c)
				}
			}
			r.CooldownSec, _ = strconv.Atoi(val("rule-cooldown"))
		}
		go func() {
			if v.change(func(cfg *rules.Config) { cfg.Rules = append(cfg.Rules, r) }) {
				for _, id := range []string{"rule-pattern", "rule-reply", "rule-chats", "rule-from", "rule-to"} {
					raw(p.byID(id)).Set("value", "")
				}
			}
		}()
	})
	v.list.Call("addEventListener", "click", js.FuncOf(func(_ js.Value, args []js.Value) any {
		b := args[0].Get("target").Call("closest", "button[data-id]")
		if b.IsNull() {
			return nil
		}
		id := b.Call("getAttribute", "data-id").String()
		go v.change(func(cfg *rules.Config) {
			cfg.Rules = slices.DeleteFunc(cfg.Rules, func(r rules.Rule) bool { return r.ID == id })
		})
		return nil
	}))
	return v
}

// change applies f to the rules as they are now and saves the result.
func (v *rulesView) change(f func(*rules.Config)) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	cfg := v.cfg
	cfg.Rules = append([]rules.Rule(nil), v.cfg.Rules...)
	f(&cfg)
	return v.save(cfg)
}

// save asks the worker to keep cfg and shows what it kept.
func (v *rulesView) save(cfg rules.Config) bool {
	var kept rules.Config
	if e := request(msg.SetRules, cfg, &kept); e != nil {
		v.p.err.show(e)
		v.on.SetChecked(v.cfg.On)
		return false
	}
	v.p.err.clear()
	v.cfg = kept
	v.render(nil)
	return true
}

// load shows the rules and their log.
func (v *rulesView) load() {
	var view rules.View
	if e := request(msg.GetRules, nil, &view); e != nil {
		v.p.err.show(e)
		return
	}
	v.cfg = view.Config
	v.render(view.Log)
	v.on.Underlying().Get("dataset").Set("loaded", "1")
}

// render shows the rules, and the log when given.
func (v *rulesView) render(log []rules.LogEntry) {
	v.on.SetChecked(v.cfg.On)
	v.list.Set("textContent", "")
	for _, r := range v.cfg.Rules {
		li := v.p.create("li", "rule")
		li.Get("dataset").Set("id", r.ID)
		text := v.p.create("span", "")
		if r.Kind == rules.KindForward {
			text.Set("textContent", tr("rule_forward_desc", r.From, r.To))
		} else {
			text.Set("textContent", tr("rule_reply_desc", tr("rule_match_"+r.Match), r.Pattern, r.Reply))
		}
		del := v.p.create("button", "link")
		del.Set("type", "button")
		del.Set("textContent", tr("rule_delete"))
		del.Call("setAttribute", "data-id", r.ID)
		li.Call("append", text, del)
		v.list.Call("appendChild", li)
	}
	if log == nil {
		return
	}
	v.log.Set("textContent", "")
	for i := len(log) - 1; i >= 0; i-- {
		l := log[i]
		li := v.p.create("li", "")
		li.Set("textContent", time.UnixMilli(l.Time).Format("01-02 15:04:05")+" · "+l.Chat+" · "+l.What+" · "+l.Result)
		v.log.Call("appendChild", li)
	}
}

// logChanged shows a new log (storage.local RulesStateKey).
func (v *rulesView) logChanged(text string) {
	var st rules.State
	if err := json.Unmarshal([]byte(text), &st); err == nil {
		v.render(st.Log)
	}
}
