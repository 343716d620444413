package outbox

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// filled is a record with every field of every type in it set (a map or
// a slice with two items, a pointer to a filled value), the strings
// made by str; empty: every map and slice empty but not nil, every
// pointer to a zero value.
func filled(str func(n int) string, empty bool) msg.Outbox {
	var rec msg.Outbox
	n := 0
	var fill func(v reflect.Value, depth int)
	fill = func(v reflect.Value, depth int) {
		n++
		switch v.Kind() {
		case reflect.String:
			v.SetString(str(n))
		case reflect.Bool:
			v.SetBool(true)
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			v.SetInt(int64(n))
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			v.SetUint(uint64(n))
		case reflect.Float32, reflect.Float64:
			v.SetFloat(float64(n) + 0.5)
		case reflect.Pointer:
			p := reflect.New(v.Type().Elem())
			if !empty {
				fill(p.Elem(), depth+1)
			}
			v.Set(p)
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					fill(v.Field(i), depth)
				}
			}
		case reflect.Map:
			m := reflect.MakeMap(v.Type())
			for i := 0; i < 2 && !empty && depth < 4; i++ {
				k := reflect.New(v.Type().Key()).Elem()
				fill(k, depth+1)
				e := reflect.New(v.Type().Elem()).Elem()
				fill(e, depth+1)
				m.SetMapIndex(k, e)
			}
			v.Set(m)
		case reflect.Slice:
			s := reflect.MakeSlice(v.Type(), 0, 2)
			for i := 0; i < 2 && !empty && depth < 4; i++ {
				e := reflect.New(v.Type().Elem()).Elem()
				fill(e, depth+1)
				s = reflect.Append(s, e)
			}
			v.Set(s)
		case reflect.Array:
			for i := range v.Len() {
				fill(v.Index(i), depth+1)
			}
		default:
			panic("filled: a field of kind " + v.Kind().String() + " (decodedCopy refuses it: add it there and here)")
		}
	}
	fill(reflect.ValueOf(&rec).Elem(), 0)
	return rec
}

// throughJSON is rec written and read back as the Store does.
func throughJSON(t *testing.T, rec msg.Outbox) msg.Outbox {
	t.Helper()
	text, err := recordText(rec)
	require.NoError(t, err)
	var back msg.Outbox
	require.NoError(t, json.Unmarshal([]byte(text), &back))
	return back
}

// TestDecodedCopyIsTheJSONs: the copy the Outbox keeps of a record it
// wrote is what reading the record back gives, for every field msg.Outbox
// has now or gains (filled sets them all): empty omitempty maps and
// slices, strings that are not UTF-8 and all.
func TestDecodedCopyIsTheJSONs(t *testing.T) {
	t.Parallel()
	for name, rec := range map[string]msg.Outbox{
		"filled": filled(func(n int) string { return "s" + strconv.Itoa(n) + "<&>\"\\\u2028" }, false),
		"empty":  filled(func(int) string { return "" }, true),
		"not UTF-8": filled(func(n int) string {
			return []string{"\xff", "a\xc3", "\xe4\xb8", "\xed\xa0\x80z", "ok"}[n%5] + strconv.Itoa(n)
		}, false),
		"zero": {},
	} {
		got, ok := decodedCopy(rec)
		require.True(t, ok, name)
		require.Equal(t, throughJSON(t, rec), got, name)
	}
}

// mutate changes everything reachable from v (addressable), as a caller
// that edits the record it loaded may: each string, number and flag,
// what each pointer points to, each map's values and keys.
func mutate(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "!")
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(v.Uint() + 1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(v.Float() + 1)
	case reflect.Pointer:
		if !v.IsNil() {
			mutate(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				mutate(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			mutate(v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			mutate(e) // changes what e's pointers share with the map's value
			v.SetMapIndex(k, e)
		}
		k := reflect.New(v.Type().Key()).Elem()
		k.SetString("added")
		v.SetMapIndex(k, reflect.New(v.Type().Elem()).Elem())
	}
}

// TestCachedRecordIsTheCallersOwn: whatever a caller does to the record
// it loaded or saved — every field, every pointer's value, every map —
// the next load is the record as stored. The cached copy shares nothing
// with what load hands out or save was given.
func TestCachedRecordIsTheCallersOwn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec := filled(func(n int) string { return "s" + strconv.Itoa(n) }, false)
	want := throughJSON(t, rec)
	store := storeOf(msg.Outbox{})
	o := New(Config{Store: store, Manual: true, Effects: &wakes{}})

	o.mu.Lock()
	defer o.mu.Unlock()
	// A fresh decode, then cached loads: each is the caller's own.
	for i := range 3 {
		if i == 0 {
			store.text, _ = recordText(rec)
		}
		got, err := o.load(ctx)
		require.NoError(t, err)
		require.Equal(t, want, got, "load %d", i)
		mutate(reflect.ValueOf(&got).Elem())
		require.NotEqual(t, want, got, "mutate changed the record")
	}
	// What save was given, changed after the save.
	saved := filled(func(n int) string { return "t" + strconv.Itoa(n) }, false)
	want = throughJSON(t, saved)
	require.NoError(t, o.save(ctx, saved))
	mutate(reflect.ValueOf(&saved).Elem())
	for i := range 2 {
		got, err := o.load(ctx)
		require.NoError(t, err)
		require.Equal(t, want, got, "load %d after the save", i)
		mutate(reflect.ValueOf(&got).Elem())
	}
	require.True(t, o.rec.ok, "the record was cached")
}

// TestRecordIsDecodedOnlyWhenItChanged: while the text stored is the one
// this Outbox wrote, a load is its cached copy (marked here, so that a
// load that decoded the text again is seen); any other text stored —
// another Outbox's, another program's, one put back as it was before —
// is read from storage, and never lost by a save from a stale copy.
func TestRecordIsDecodedOnlyWhenItChanged(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := storeOf(msg.Outbox{})
	a := New(Config{Store: store, Manual: true, Effects: &wakes{}})
	b := New(Config{Store: store, Manual: true, Effects: &wakes{}})
	add := func(o *Outbox, id string) {
		o.mu.Lock()
		defer o.mu.Unlock()
		rec, err := o.load(ctx)
		require.NoError(t, err)
		rec.Entries[id] = msg.Entry{ID: id, State: msg.EntryQueued}
		require.NoError(t, o.save(ctx, rec))
	}
	ids := func(o *Outbox) string {
		o.mu.Lock()
		defer o.mu.Unlock()
		rec, err := o.load(ctx)
		require.NoError(t, err)
		var s []string
		for id := range rec.Entries {
			s = append(s, id)
		}
		slices.Sort(s)
		return strings.Join(s, " ")
	}

	add(a, "a1")
	a.mu.Lock()
	require.True(t, a.rec.ok)
	a.rec.rec.LastSend = 42 // only the cached copy has it
	a.mu.Unlock()
	a.mu.Lock()
	rec, err := a.load(ctx)
	a.mu.Unlock()
	require.NoError(t, err)
	require.Equal(t, int64(42), rec.LastSend, "the unchanged text was decoded again instead of the cached copy used")

	before := store.text
	add(b, "b1") // another Outbox writes the record
	require.Equal(t, "a1 b1", ids(a), "a read the cached record after another wrote it")
	add(a, "a2")
	require.Equal(t, "a1 a2 b1", ids(b), "b's entry was lost by a's save of a stale copy")
	require.Equal(t, "a1 a2 b1", ids(a))

	store.mu.Lock()
	store.text = before // an older text put back
	store.mu.Unlock()
	require.Equal(t, "a1", ids(a))
}
