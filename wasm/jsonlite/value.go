package jsonlite

import (
	"slices"
	"strconv"
)

// Value encodes and decodes one value of type T: the element of a slice
// or a map.
type Value[T any] struct {
	Enc func(f *Fields, v *T)
	Dec func(d *Decoder, v *T) error
}

// StringValue is a string of any string type.
func StringValue[S ~string]() Value[S] {
	return Value[S]{
		Enc: func(f *Fields, v *S) { f.b = f.appendString(f.b, string(*v)) },
		Dec: func(d *Decoder, v *S) error {
			s := string(*v)
			err := d.String(&s)
			*v = S(s)
			return err
		},
	}
}

// IntValue is an integer.
func IntValue[I ~int | ~int64]() Value[I] {
	return Value[I]{
		Enc: func(f *Fields, v *I) { f.b = strconv.AppendInt(f.b, int64(*v), 10) },
		Dec: decodeInt[I],
	}
}

// ObjectValue is a struct with a codec.
func ObjectValue[P interface {
	*T
	Object
}, T any]() Value[T] {
	return Value[T]{
		Enc: func(f *Fields, v *T) { f.encObject(P(v)) },
		Dec: func(d *Decoder, v *T) error { return d.Object(P(v)) },
	}
}

func (f *Fields) encObject(o Object) {
	first := f.first
	f.b = append(f.b, '{')
	f.first = true
	o.Fields(f)
	f.b = append(f.b, '}')
	f.first = first
}

// Object reads an object into v's fields: a key is matched exactly
// first, then case-insensitively, as encoding/json does; an unknown key
// is skipped. null leaves v as it is.
func (d *Decoder) Object(v Object) error {
	f := Fields{d: d}
	_, err := d.Members(func(key string) error {
		f.key, f.hit, f.fold = key, false, false
		v.Fields(&f)
		if !f.hit && f.err == nil {
			f.fold = true
			v.Fields(&f)
		}
		if !f.hit && f.err == nil {
			f.err = d.Skip()
		}
		return f.err
	})
	return err
}

// DecodePtr reads an object into *p, made when nil; null makes it nil.
func DecodePtr[P interface {
	*T
	Object
}, T any](d *Decoder, p *P) error {
	if d.Null() {
		*p = nil
		return nil
	}
	if *p == nil {
		*p = new(T)
	}
	return d.Object(*p)
}

// The generic codecs of slices and maps below are each compiled once per
// element type (a struct is a shape of its own): their loops and framing
// are in the plain functions they call, so that what each type adds is a
// few calls (popup.wasm 9 KB smaller).

// DecodeSlice reads an array into *p (null: nil; [] an empty slice that
// is not nil, as encoding/json).
func DecodeSlice[T any](d *Decoder, p *[]T, elem Value[T]) error {
	s := (*p)[:0]
	isNull, err := d.Elements(func() error {
		if len(s) < cap(s) {
			// encoding/json decodes into the element already there.
			s = s[:len(s)+1]
		} else {
			var zero T
			s = append(s, zero)
		}
		return elem.Dec(d, &s[len(s)-1])
	})
	switch {
	case err != nil:
		return err
	case isNull:
		*p = nil
	case s == nil:
		*p = []T{}
	default:
		*p = s
	}
	return nil
}

// DecodeMap reads an object into the map *p (made when nil; null: nil).
// Each value is decoded into a zero T, as encoding/json does.
func DecodeMap[K ~string, T any](d *Decoder, p *map[K]T, elem Value[T]) error {
	isNull, err := d.mapMembers(func() {
		if *p == nil {
			*p = map[K]T{}
		}
	}, func(key string) error {
		var v T
		err := elem.Dec(d, &v)
		(*p)[K(key)] = v
		return err
	})
	if isNull {
		*p = nil
	}
	return err
}

// mapMembers reads null (isNull), or an object: make is called before
// its members.
func (d *Decoder) mapMembers(make func(), member func(key string) error) (isNull bool, err error) {
	if d.Null() {
		return true, nil
	}
	if d.Peek() != '{' {
		return false, d.mismatch()
	}
	make()
	_, err = d.Members(member)
	return false, err
}

func appendSlice[T any](f *Fields, s []T, elem Value[T]) {
	f.appendElements(s == nil, len(s), func(i int) { elem.Enc(f, &s[i]) })
}

// appendElements writes an array of n elements, or null.
func (f *Fields) appendElements(null bool, n int, elem func(i int)) {
	if null {
		f.b = append(f.b, "null"...)
		return
	}
	f.b = append(f.b, '[')
	for i := 0; i < n; i++ {
		if i > 0 {
			f.b = append(f.b, ',')
		}
		elem(i)
	}
	f.b = append(f.b, ']')
}

// appendMap writes m with its keys sorted, as encoding/json does.
func appendMap[K ~string, T any](f *Fields, m map[K]T, elem Value[T]) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, string(k))
	}
	f.appendMembers(m == nil, keys, func(k string) {
		v := m[K(k)]
		elem.Enc(f, &v)
	})
}

// appendMembers writes an object of the keys, sorted, each value by
// value, or null.
func (f *Fields) appendMembers(null bool, keys []string, value func(key string)) {
	if null {
		f.b = append(f.b, "null"...)
		return
	}
	slices.Sort(keys)
	f.b = append(f.b, '{')
	for i, k := range keys {
		if i > 0 {
			f.b = append(f.b, ',')
		}
		f.b = f.appendString(f.b, k)
		f.b = append(f.b, ':')
		value(k)
	}
	f.b = append(f.b, '}')
}

// Append appends v's JSON as json.Marshal writes it.
func Append(b []byte, v Object) []byte {
	f := Fields{enc: true, b: b}
	f.encObject(v)
	return f.b
}

// AppendStored appends v's JSON without escaping '<', '>' and '&', as
// an encoding/json Encoder with SetEscapeHTML(false) writes it: the text
// kept in storage, which never goes into HTML.
func AppendStored(b []byte, v Object) []byte {
	f := Fields{enc: true, b: b, noHTML: true}
	f.encObject(v)
	return f.b
}

// AppendValue appends any value that elem encodes (a slice's, a map's).
func AppendValue[T any](b []byte, v *T, elem Value[T], stored bool) []byte {
	f := Fields{enc: true, b: b, noHTML: stored}
	elem.Enc(&f, v)
	return f.b
}

// SliceValue is a slice of elem.
func SliceValue[T any](elem Value[T]) Value[[]T] {
	return Value[[]T]{
		Enc: func(f *Fields, v *[]T) { appendSlice(f, *v, elem) },
		Dec: func(d *Decoder, v *[]T) error { return DecodeSlice(d, v, elem) },
	}
}

// MapValue is a map of elem with string keys.
func MapValue[K ~string, T any](elem Value[T]) Value[map[K]T] {
	return Value[map[K]T]{
		Enc: func(f *Fields, v *map[K]T) { appendMap(f, *v, elem) },
		Dec: func(d *Decoder, v *map[K]T) error { return DecodeMap(d, v, elem) },
	}
}

// DecodeValue reads text into v with elem.
func DecodeValue[T any](text string, v *T, elem Value[T]) error {
	return DecodeWith(text, func(d *Decoder) error { return elem.Dec(d, v) })
}

// Raw is JSON text kept as it is, like encoding/json's RawMessage (whose
// methods it has, so that encoding/json reads and writes it the same
// way) without importing encoding/json: importing it alone costs a
// program some 386 KB.
type Raw []byte

// MarshalJSON returns r, or null when r is empty.
func (r Raw) MarshalJSON() ([]byte, error) {
	if r == nil {
		return []byte("null"), nil
	}
	return r, nil
}

// UnmarshalJSON keeps a copy of b.
func (r *Raw) UnmarshalJSON(b []byte) error {
	*r = append((*r)[0:0], b...)
	return nil
}
