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

// manyList is a saved list: its chats by UserName, with their names to
// find them again in a later login (a UserName is of one login, §3.4).
type manyList struct {
	Users []string `json:"users"`
	Names []string `json:"names"`
}

func (l *manyList) Fields(f *jsonlite.Fields) {
	jsonlite.Slice(f, "users", &l.Users, jsonlite.Keep, jsonlite.StringValue[string]())
	jsonlite.Slice(f, "names", &l.Names, jsonlite.Keep, jsonlite.StringValue[string]())
}

// manyLists is the codec of the lists kept, by name.
var manyLists = jsonlite.MapValue[string](jsonlite.ObjectValue[*manyList]())

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

func (v *manyView) readLists() (map[string]manyList, error) {
	all := map[string]manyList{}
	text, found, err := jsx.StorageGetText(context.Background(), jsx.Local, ManyListsKey)
	if err == nil && found {
		err = jsonlite.DecodeValue(text, &all, manyLists)
	}
	if all == nil {
		all = map[string]manyList{}
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
	l := manyList{Users: slices.Clone(v.order)}
	for _, u := range v.order {
		l.Names = append(l.Names, v.picked[u])
	}
	go func() {
		all, err := v.readLists()
		if err == nil {
			all[name] = l
			err = jsx.StorageSetText(context.Background(), jsx.Local, ManyListsKey, string(jsonlite.AppendValue(nil, &all, manyLists, true)))
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

// useList ticks a saved list's chats: by UserName in the login that saved
// it, else by a name that one chat alone has now.
func (v *manyView) useList(name string) {
	all, err := v.readLists()
	l, ok := all[name]
	if err != nil || !ok || v.k.ix == nil {
		return
	}
	byUser := map[string]string{}
	byName := map[string][]string{}
	for ci := range v.k.ix.Len() {
		c := v.k.ix.Contact(ci)
		d := v.k.ix.Display(ci)
		byUser[c.UserName] = d
		byName[d] = append(byName[d], c.UserName)
	}
	v.picked, v.order = map[string]string{}, nil
	missing := 0
	for i, u := range l.Users {
		if d, ok := byUser[u]; ok {
			v.picked[u], v.order = d, append(v.order, u)
		} else if i < len(l.Names) && len(byName[l.Names[i]]) == 1 {
			u = byName[l.Names[i]][0]
			v.picked[u], v.order = l.Names[i], append(v.order, u)
		} else {
			missing++
		}
	}
	v.changed()
	if missing > 0 {
		v.p.err.text(tr("many_list_missing", strconv.Itoa(missing)))
	}
}
