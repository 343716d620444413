//go:build js && wasm

package ui

// Sending to many: the saved lists of chats (客户, 家人), kept in
// storage.local and found again in a later login by their names.

import (
	"context"
	"slices"
	"strconv"

	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
)

func (v *manyView) loadLists() {
	all, err := v.readLists()
	if err != nil {
		v.p.err.show(model.Internal("reading the saved lists: " + err.Error()))
		return
	}
	old := v.lists.Call("querySelectorAll", "option[data-list]")
	for i := old.Length() - 1; i >= 0; i-- {
		old.Index(i).Call("remove")
	}
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		o := v.p.create("option", "")
		o.Set("value", name)
		o.Set("textContent", name+" ("+strconv.Itoa(len(all[name].Users))+")")
		o.Call("setAttribute", "data-list", "")
		v.lists.Call("append", o)
	}
}

func (v *manyView) readLists() (map[string]model.SavedList, error) {
	all := map[string]model.SavedList{}
	text, found, err := jsx.StorageGetText(context.Background(), jsx.Local, ManyListsKey)
	if err == nil && found {
		err = jsonlite.DecodeValue(text, &all, model.SavedLists)
	}
	if all == nil {
		all = map[string]model.SavedList{}
	}
	return all, err
}

// saveList keeps the ticked chats under the name typed (客户, 家人).
func (v *manyView) saveList() {
	name := v.listName.Get("value").String()
	if name == "" || len(v.order) == 0 {
		v.p.err.text(tr("many_list_need"))
		return
	}
	l := model.SavedList{Users: slices.Clone(v.order)}
	group := map[string]bool{}
	if v.k.ix != nil {
		for ci := range v.k.ix.Len() {
			if c := v.k.ix.Contact(ci); c.Group {
				group[c.UserName] = true
			}
		}
	}
	for _, u := range v.order {
		l.Names = append(l.Names, v.picked[u])
		l.Groups = append(l.Groups, group[u])
	}
	go func() {
		l.Account = shownAccount
		all, err := v.readLists()
		if err == nil {
			all[name] = l
			err = jsx.StorageSetText(context.Background(), jsx.Local, ManyListsKey, string(jsonlite.AppendValue(nil, &all, model.SavedLists, true)))
		}
		if err != nil {
			v.p.err.show(model.Internal("saving the list: " + err.Error()))
			return
		}
		v.listName.Set("value", "")
		v.loadLists()
		v.lists.Set("value", name)
	}()
}

// useList ticks a saved list's chats (model.TickSaved): by UserName in
// the login that saved it, else by a name that one chat alone has now,
// in the account that saved it only.
func (v *manyView) useList(name string) {
	all, err := v.readLists()
	l, ok := all[name]
	if err != nil || !ok || v.k.ix == nil {
		return
	}
	chats := make([]model.ListChat, 0, v.k.ix.Len())
	for ci := range v.k.ix.Len() {
		c := v.k.ix.Contact(ci)
		chats = append(chats, model.ListChat{User: c.UserName, Name: v.k.ix.Display(ci), Group: c.Group, Unsaved: c.Unsaved})
	}
	found, missing := model.TickSaved(l, shownAccount, chats)
	v.picked, v.order, v.as = map[string]string{}, nil, map[string]tickedChat{}
	for _, c := range found {
		if cc, ok := v.contactOf(c.User); ok {
			v.tick(cc, c.Name)
		} else if _, dup := v.picked[c.User]; !dup {
			v.picked[c.User], v.order = c.Name, append(v.order, c.User)
		}
	}
	v.changed()
	if len(missing) > 0 {
		v.p.err.text(model.MissingText(tr, missing))
	}
}
