package outbox

// The record as stored, and the copy of it decoded that the Outbox keeps
// between steps.

import (
	"bytes"
	"context"
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// recordCache is the record as this Outbox last read or wrote it: its
// text as stored, and the value that text decodes to.
//
// Every step reads the record and writes it, and decoding it was most
// of a step's time: TestHistoryMakesRoom, 135 texts of 16 KB (a record
// of about 4 MB), took 19 s natively and 108 s as WebAssembly under Node,
// 57% of it in json.Unmarshal. With the decoded copy kept the record is
// decoded only when its text changed under the Outbox. The test alone,
// the same machine before and after, alternating, at a load of 18-27
// (so both slow): natively 147 and 162 s before, 47 and 41 s after; as
// WebAssembly under Node 453 s before, 195 s after. What is left is
// mostly the encoding of each write, which a write cannot skip.
//
// The copy is used only while the text stored is the very text it was
// made from, compared byte for byte at each read: nothing else writes the
// record today (the pages only read it, and one Outbox runs per worker
// wake), but a second Outbox, an older worker still running, a restored
// or edited storage would write another text, and the record is then
// decoded from what is stored. The cost is the record's text held once
// more in memory, and a comparison of it at each read.
type recordCache struct {
	ok   bool
	text string
	rec  msg.Outbox
}

// load reads the record; the caller holds o.mu. What it returns is the
// caller's own to change: a copy, never the cached record itself.
func (o *Outbox) load(ctx context.Context) (msg.Outbox, error) {
	text, err := o.cfg.Store.Load(ctx)
	if err != nil {
		return msg.Outbox{}, err
	}
	if o.rec.ok && text == o.rec.text {
		if rec, ok := decodedCopy(o.rec.rec); ok {
			return rec, nil
		}
	}
	o.rec = recordCache{}
	var rec msg.Outbox
	if text != "" {
		if err := json.Unmarshal([]byte(text), &rec); err != nil {
			return msg.Outbox{}, err
		}
	}
	if rec.Entries == nil {
		rec.Entries = map[string]msg.Entry{}
	}
	if c, ok := decodedCopy(rec); ok {
		o.rec = recordCache{ok: true, text: text, rec: c}
	}
	return rec, nil
}

// save writes the record and shows the pending count; the caller holds o.mu.
func (o *Outbox) save(ctx context.Context, rec msg.Outbox) error {
	text, err := recordText(rec)
	if err != nil {
		return err
	}
	if err := o.cfg.Store.Save(ctx, text); err != nil {
		// What is stored is unknown to this Outbox no more than before:
		// the cache still holds a text and its value, and is used only if
		// that text is what a read finds.
		return err
	}
	o.rec = recordCache{}
	if c, ok := decodedCopy(rec); ok {
		o.rec = recordCache{ok: true, text: text, rec: c}
	}
	o.changedMu.Lock()
	if o.changed != nil {
		close(o.changed)
		o.changed = nil
	}
	o.changedMu.Unlock()
	n := pendingCount(rec)
	if n != o.lastPending {
		o.lastPending = n
		o.cfg.Effects.Pending(ctx, n)
	}
	return nil
}

// recordText is the record's JSON as the worker stores every value
// (jsxjson.StorageSet): without encoding/json's escapes of & < >, which
// the popup's decoder reads more slowly.
func recordText(rec msg.Outbox) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rec); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// decodedCopy is what rec's JSON decodes to, made without the JSON: a
// deep copy (no map, slice or pointer shared with rec, so that a caller
// that changes what it was given changes nothing else) that also does
// what the way through JSON does to a value: an empty map or slice of
// an omitempty field comes back nil, a string that is not UTF-8 comes
// back with U+FFFD for each bad byte, an unexported or "-" field comes
// back zero. ok is false for what it cannot say for sure (an interface,
// a type with its own JSON or text codec): the record is then not cached.
// TestDecodedCopyIsTheJSONs holds it to encoding/json.
func decodedCopy(rec msg.Outbox) (msg.Outbox, bool) {
	var out msg.Outbox
	ok := copyJSON(reflect.ValueOf(&out).Elem(), reflect.ValueOf(rec))
	return out, ok
}

var (
	jsonMarshaler   = reflect.TypeFor[json.Marshaler]()
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textMarshaler   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// ownCodec: t (or *t) has a codec of its own, which copyJSON cannot
// follow.
func ownCodec(t reflect.Type) bool {
	for _, i := range []reflect.Type{jsonMarshaler, jsonUnmarshaler, textMarshaler, textUnmarshaler} {
		if t.Implements(i) || reflect.PointerTo(t).Implements(i) {
			return true
		}
	}
	return false
}

// copyJSON sets dst (settable, zero) to what src's JSON decodes to.
func copyJSON(dst, src reflect.Value) bool {
	if ownCodec(src.Type()) {
		return false
	}
	switch src.Kind() {
	case reflect.String:
		dst.SetString(validUTF8(src.String()))
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		dst.Set(src)
	case reflect.Pointer:
		if src.IsNil() {
			return true
		}
		p := reflect.New(src.Type().Elem())
		if !copyJSON(p.Elem(), src.Elem()) {
			return false
		}
		dst.Set(p)
	case reflect.Map:
		if src.IsNil() {
			return true
		}
		if src.Type().Key().Kind() != reflect.String {
			return false
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		it := src.MapRange()
		for it.Next() {
			k := reflect.New(src.Type().Key()).Elem()
			k.SetString(validUTF8(it.Key().String()))
			v := reflect.New(src.Type().Elem()).Elem()
			if !copyJSON(v, it.Value()) {
				return false
			}
			m.SetMapIndex(k, v)
		}
		dst.Set(m)
	case reflect.Slice:
		if src.IsNil() {
			return true
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			if !copyJSON(s.Index(i), src.Index(i)) {
				return false
			}
		}
		dst.Set(s)
	case reflect.Array:
		for i := range src.Len() {
			if !copyJSON(dst.Index(i), src.Index(i)) {
				return false
			}
		}
	case reflect.Struct:
		t := src.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() && f.Anonymous {
				return false // JSON reads into its exported fields
			}
			if !f.IsExported() || name == "-" && opts == "" {
				continue
			}
			v := src.Field(i)
			if strings.Contains(","+opts+",", ",omitempty,") && (v.Kind() == reflect.Map || v.Kind() == reflect.Slice) && v.Len() == 0 {
				continue
			}
			if !copyJSON(dst.Field(i), v) {
				return false
			}
		}
	default:
		// An interface, a channel, a function, a complex number.
		return false
	}
	return true
}

// validUTF8 is s as encoding/json writes it: each byte that is not
// UTF-8 becomes U+FFFD.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return string([]rune(s))
}
