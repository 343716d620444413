//go:build js && wasm

package ui

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall/js"
	"time"

	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/rules"
	"github.com/wxdrop/wxdrop/wasm/safename"
	"github.com/wxdrop/wxdrop/wasm/search"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

// rulesView is the options' rules: the on switch (#rules-on), the list
// (#rules-list) with a delete button per rule, the form that adds one
// (#rule-form) and the log of what they did (#rules-log). The worker
// checks every rule before it keeps it, and says why it refuses one.
type rulesView struct {
	p    *page
	on   js.Value
	kind js.Value
	list js.Value
	log  js.Value
	// mu makes changes go one after the other, each on the rules the
	// previous one left (two quick clicks must not lose a rule).
	mu  sync.Mutex
	cfg rules.Config
	// accounts are the state's (setState): each rule that names chats
	// says which one it acts in (model.RuleAccount).
	accounts []msg.AccountInfo
}

// setState takes the accounts of a state shown, and names the rules'
// accounts by them.
func (v *rulesView) setState(st msg.State) {
	// No v.mu: called in a storage event's handler, which must not wait
	// for a change that waits for the worker.
	if slices.Equal(v.accounts, st.Accounts) {
		return
	}
	v.accounts = st.Accounts
	v.renderRules()
}

func newRulesView(p *page) *rulesView {
	v := &rulesView{p: p, on: p.byID("rules-on"), kind: p.byID("rule-kind"), list: p.byID("rules-list"), log: p.byID("rules-log")}
	on(v.kind, "change", func(js.Value) { v.showKind() })
	on(v.on, "change", func(js.Value) {
		on := checked(v.on)
		go v.change(func(cfg *rules.Config) { cfg.On = on })
	})
	on(p.byID("rule-form"), "submit", func(e js.Value) {
		e.Call("preventDefault")
		f := v.readForm()
		var allowed func(ctx context.Context) (bool, error)
		if f.rule.Kind == rules.KindSave {
			// Asked in the submit's own handler: the browser needs the
			// gesture.
			allowed = askDownloads(p)
		}
		go v.add(f, allowed)
	})
	on(v.list, "click", func(e js.Value) {
		if b := e.Get("target").Call("closest", "button[data-id]"); !b.IsNull() {
			go v.remove(b.Call("getAttribute", "data-id").String())
		}
	})
	return v
}

// ruleFields are the form's text fields that are emptied once the rule
// they held is kept.
var ruleFields = []string{"rule-pattern", "rule-reply", "rule-chats", "rule-from", "rule-to", "rule-folder"}

// ruleForm is what the rule form held when it was submitted.
type ruleForm struct {
	rule rules.Rule
	// held is each of ruleFields' text: a field is emptied after the
	// rule is kept unless the person has typed the next one meanwhile.
	held map[string]string
}

// readForm reads the rule form: the fields the chosen kind shows.
func (v *rulesView) readForm() ruleForm {
	val := func(id string) string { return strings.TrimSpace(value(v.p.byID(id))) }
	// The chats as typed; split in add, against the chats' names.
	chats := func() []string { return model.RuleChatNames(val("rule-chats"), nil) }
	// The checked types the kind shows.
	types := func() (out []string) {
		boxes := v.p.doc.Call("querySelectorAll", "#rule-types input[type=checkbox]")
		for i := 0; i < boxes.Length(); i++ {
			b := boxes.Index(i)
			if checked(b) && !b.Call("closest", "label").Get("hidden").Bool() {
				out = append(out, value(b))
			}
		}
		return out
	}
	r := rules.Rule{ID: strconv.FormatInt(time.Now().UnixNano(), 36), Kind: value(v.kind), On: true}
	switch r.Kind {
	case rules.KindForward:
		r.From, r.To, r.Types = val("rule-from"), val("rule-to"), types()
	case rules.KindSave:
		r.Chats, r.Types, r.Folder = chats(), types(), val("rule-folder")
	default:
		r.Match, r.Pattern, r.Reply, r.Chats = val("rule-match"), val("rule-pattern"), val("rule-reply"), chats()
		r.CooldownSec, _ = strconv.Atoi(val("rule-cooldown"))
	}
	f := ruleForm{rule: r, held: map[string]string{}}
	for _, id := range ruleFields {
		f.held[id] = value(v.p.byID(id))
	}
	return f
}

// add keeps the rule the form held, once allowed (the downloads
// permission a save rule needs; nil when none is), and empties the fields.
func (v *rulesView) add(f ruleForm, allowed func(ctx context.Context) (bool, error)) {
	r := f.rule
	cs, listed := v.contacts()
	if len(r.Chats) > 0 && listed {
		// A chat whose name has a comma in it is one chat
		// (model.RuleChatNames).
		r.Chats = model.RuleChatNames(strings.TrimSpace(f.held["rule-chats"]), model.ChatNames(cs))
	}
	if (r.Kind == rules.KindForward || r.Kind == rules.KindSave) && len(r.Types) == 0 {
		v.p.err.show(&msg.Error{Code: msg.ErrRuleTypesBad})
		return
	}
	if allowed != nil {
		if ok, _ := allowed(context.Background()); !ok {
			v.p.err.show(&msg.Error{Code: msg.ErrNoDownloads})
			return
		}
	}
	if !v.change(func(cfg *rules.Config) { cfg.Rules = append(cfg.Rules, r) }) {
		return
	}
	for _, id := range ruleFields {
		if el := v.p.byID(id); value(el) == f.held[id] {
			el.Set("value", "")
		}
	}
	if listed {
		v.warnUnknown(r, cs)
	}
}

// warnUnknown says, once the rule is kept, which of its chat names no chat
// of the list is known by to the rules (model.UnknownChats): a forward
// "from 张三", whose remark is 老张, never acted, and nothing said why.
// The rule stays: the chat may come later. Nothing is said without a
// list (contacts).
func (v *rulesView) warnUnknown(r rules.Rule, cs msg.Contacts) {
	names := r.Chats
	if r.Kind == rules.KindForward {
		names = []string{r.From}
	}
	if bad := model.UnknownChats(names, cs); len(bad) > 0 {
		sep := tr("list_sep")
		if sep == "" {
			sep = ", "
		}
		v.p.err.text(tr("rule_chat_unknown", "“"+strings.Join(bad, "”"+sep+"“")+"”"))
	}
}

// contacts is the contact list, read from storage.session as the popup
// reads it; false without one.
func (v *rulesView) contacts() (msg.Contacts, bool) {
	text, found, err := jsx.StorageGetText(context.Background(), jsx.Session, msg.ContactsKey)
	if err != nil || !found {
		return msg.Contacts{}, false
	}
	// jsonlite's codec, not model.DecodeContacts: its fast scanner, for
	// the popup's first answer, cost options.wasm 42 KB; a rule is added
	// now and then.
	var cs msg.Contacts
	if jsonlite.Decode(text, &cs) != nil {
		return msg.Contacts{}, false
	}
	return cs, true
}

// remove deletes the rule of that id.
func (v *rulesView) remove(id string) {
	v.change(func(cfg *rules.Config) {
		cfg.Rules = slices.DeleteFunc(cfg.Rules, func(r rules.Rule) bool { return r.ID == id })
	})
}

// showKind shows the form's fields for the kind chosen (data-kinds).
func (v *rulesView) showKind() {
	k := value(v.kind)
	els := v.p.doc.Call("querySelectorAll", "#rule-form [data-kinds]")
	for i := 0; i < els.Length(); i++ {
		el := els.Index(i)
		setHidden(el, !slices.Contains(strings.Fields(el.Call("getAttribute", "data-kinds").String()), k))
	}
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
	if e := request(msg.SetRules, &cfg, &kept); e != nil {
		v.p.err.show(e)
		v.on.Set("checked", v.cfg.On)
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
	v.emptyLog(view.Log)
	v.on.Get("dataset").Set("loaded", "1")
}

// render shows the rules, and the log when given.
func (v *rulesView) render(log []rules.LogEntry) {
	v.on.Set("checked", v.cfg.On)
	v.renderRules()
	if log == nil {
		return
	}
	v.log.Set("textContent", "")
	for i := len(log) - 1; i >= 0; i-- {
		l := log[i]
		li := v.p.create("li", "")
		// One line of wxdrop's words around a chat's name and a text that
		// others choose: without the controls that would turn the rest of
		// the line around (a name's right-to-left override, row 85).
		line := time.UnixMilli(l.Time).Format("01-02 15:04:05") + " · "
		if l.Result == rules.ResultNotTaken {
			// Messages that reached no rule: of no one chat, no one text.
			line += resultText(l)
		} else {
			line += search.Shown(l.Chat) + " · " + model.LogWhat(tr, l) + " · " + resultText(l)
		}
		li.Set("textContent", safename.Visible(line))
		v.log.Call("appendChild", li)
	}
}

// renderRules lists the rules, each with the account it acts in when it
// names chats.
func (v *rulesView) renderRules() {
	v.list.Set("textContent", "")
	for _, r := range v.cfg.Rules {
		li := v.p.create("li", "rule")
		li.Get("dataset").Set("id", r.ID)
		text := v.p.create("span", "")
		text.Set("textContent", ruleText(r))
		li.Call("append", text)
		if key, name := model.RuleAccount(r, v.accounts); key != "" {
			// The account's name is its owner's choice: without what
			// would turn the line around (safename, in AccountName).
			acc := v.p.create("span", "muted rule-account")
			acc.Set("textContent", tr(key, name))
			li.Call("append", " ", acc)
		}
		del := v.p.create("button", "link")
		del.Set("type", "button")
		del.Set("textContent", tr("rule_delete"))
		del.Call("setAttribute", "data-id", r.ID)
		li.Call("append", " ", del)
		v.list.Call("appendChild", li)
	}
}

// logChanged shows a new log (storage.local RulesStateKey).
func (v *rulesView) logChanged(text string) {
	var st rules.State
	if err := jsonlite.Decode(text, &st); err == nil {
		v.render(st.Log)
		v.emptyLog(st.Log)
	}
}

// emptyLog says so under the log's heading when the rules did nothing
// yet: the heading stood over nothing, which read as a list that failed
// to load.
func (v *rulesView) emptyLog(log []rules.LogEntry) {
	if len(log) > 0 {
		return
	}
	// "empty": not an entry of the numbered list (ui.css), which read
	// "1. Nothing yet".
	li := v.p.create("li", "muted empty")
	li.Set("textContent", tr("rules_log_empty"))
	v.log.Set("textContent", "")
	v.log.Call("appendChild", li)
}

// ruleText is a rule in words.
func ruleText(r rules.Rule) string {
	var types []string
	for _, t := range rules.TypesOf(r) {
		types = append(types, tr("rule_type_"+t))
	}
	sep := tr("list_sep")
	if sep == "" {
		sep = ", "
	}
	switch r.Kind {
	case rules.KindForward:
		return tr("rule_forward_desc", r.From, r.To, strings.Join(types, sep))
	}
	chats := tr("rule_all_chats")
	if len(r.Chats) > 0 {
		chats = "“" + strings.Join(r.Chats, "”"+sep+"“") + "”"
	}
	if r.Kind == rules.KindSave {
		return tr("rule_save_desc", strings.Join(types, sep), chats, rules.CleanFolder(r.Folder))
	}
	reply := tr("rule_reply_desc", tr("rule_match_"+r.Match), r.Pattern, r.Reply)
	if len(r.Chats) > 0 {
		// A rule of some chats read as one of every chat.
		reply = tr("rule_reply_chats", reply, chats)
	}
	return reply
}

// resultText is what became of a rule's action, in words; a result an
// older version wrote is shown as it is.
func resultText(l rules.LogEntry) string {
	switch l.Result {
	case rules.ResultNotSent, rules.ResultNotSaved:
		return tr("rule_result_"+l.Result, msg.RuleText(tr, &msg.Error{Code: msg.Code(l.Detail)}))
	case rules.ResultSaved:
		return tr("rule_result_saved", l.Detail)
	case rules.ResultNotTaken:
		return tr("rule_result_not_taken", l.What, msg.Text(tr, &msg.Error{Code: msg.Code(l.Detail)}))
	}
	if s := tr("rule_result_" + l.Result); s != "" {
		return s
	}
	return l.Result
}
