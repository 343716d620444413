package jsonlite

import (
	"encoding/base64"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Object is a struct with a codec: its pointer lists the struct's fields,
// in order, on f, once for encoding and once per key for decoding:
//
//	func (x *T) Fields(f *jsonlite.Fields) {
//		jsonlite.Str(f, "id", &x.ID, jsonlite.Keep)
//		jsonlite.Int(f, "size", &x.Size, jsonlite.OmitEmpty)
//	}
type Object interface{ Fields(f *Fields) }

// Omit says whether a field is left out when empty (",omitempty").
type Omit bool

const (
	Keep      Omit = false
	OmitEmpty Omit = true
)

// Fields is either an encoder of an object (each field appends itself)
// or the decoder of one member (the field whose name is the key reads
// the value).
type Fields struct {
	// Encoding.
	enc    bool
	b      []byte
	first  bool
	noHTML bool // '<', '>' and '&' as they are (encoding/json's SetEscapeHTML(false))
	// Decoding.
	d    *Decoder
	key  string
	fold bool // second pass: the key matched case-insensitively
	hit  bool
	err  error
}

// name starts a field: when encoding, its name is written (and true
// returned); when decoding, true means this field reads the value.
func (f *Fields) name(n string, empty bool, omit Omit) bool {
	if f.enc {
		if bool(omit) && empty {
			return false
		}
		if f.first {
			f.first = false
		} else {
			f.b = append(f.b, ',')
		}
		f.b = f.appendString(f.b, n)
		f.b = append(f.b, ':')
		return true
	}
	if f.hit || f.err != nil {
		return false
	}
	if f.key == n || f.fold && foldEqual(f.key, n) {
		f.hit = true
		return true
	}
	return false
}

// foldEqual is encoding/json's case-insensitive match of a key with a
// field name (ASCII, as every name here is).
func foldEqual(key, name string) bool {
	j := 0
	for i := 0; i < len(key); {
		var r rune
		if c := key[i]; c < utf8.RuneSelf {
			r = rune(c)
			i++
		} else {
			var n int
			r, n = utf8.DecodeRuneInString(key[i:])
			i += n
			r = foldRune(r)
		}
		if j >= len(name) || upper(r) != upper(rune(name[j])) {
			return false
		}
		j++
	}
	return j == len(name)
}

func upper(r rune) rune {
	if 'a' <= r && r <= 'z' {
		return r - ('a' - 'A')
	}
	return r
}

func foldRune(r rune) rune {
	for {
		r2 := unicode.SimpleFold(r)
		if r2 <= r {
			return r2
		}
		r = r2
	}
}

func (f *Fields) set(err error) {
	if f.err == nil {
		f.err = err
	}
}

// Str is a string field.
func Str[S ~string](f *Fields, name string, p *S, omit Omit) {
	if !f.name(name, *p == "", omit) {
		return
	}
	if f.enc {
		f.b = f.appendString(f.b, string(*p))
		return
	}
	s := string(*p)
	f.set(f.d.String(&s))
	*p = S(s)
}

// Int is an integer field.
func Int[I ~int | ~int64](f *Fields, name string, p *I, omit Omit) {
	if !f.name(name, *p == 0, omit) {
		return
	}
	if f.enc {
		f.b = strconv.AppendInt(f.b, int64(*p), 10)
		return
	}
	f.set(decodeInt(f.d, p))
}

func decodeInt[I ~int | ~int64](d *Decoder, p *I) error {
	n := int64(*p)
	if err := d.Int(&n, 64); err != nil {
		return err
	}
	*p = I(n)
	return nil
}

// Float is a float64 field.
func Float[F ~float64](f *Fields, name string, p *F, omit Omit) {
	if !f.name(name, *p == 0, omit) {
		return
	}
	if f.enc {
		f.b = appendFloat(f.b, float64(*p))
		return
	}
	v := float64(*p)
	f.set(f.d.Float(&v))
	*p = F(v)
}

// Bool is a bool field.
func Bool[B ~bool](f *Fields, name string, p *B, omit Omit) {
	if !f.name(name, !bool(*p), omit) {
		return
	}
	if f.enc {
		f.b = strconv.AppendBool(f.b, bool(*p))
		return
	}
	v := bool(*p)
	f.set(f.d.Bool(&v))
	*p = B(v)
}

// Bytes is a []byte field, as base64 text.
func Bytes(f *Fields, name string, p *[]byte, omit Omit) {
	if !f.name(name, len(*p) == 0, omit) {
		return
	}
	if f.enc {
		if *p == nil {
			f.b = append(f.b, "null"...)
			return
		}
		f.b = append(f.b, '"')
		f.b = base64.StdEncoding.AppendEncode(f.b, *p)
		f.b = append(f.b, '"')
		return
	}
	if f.d.Null() {
		*p = nil
		return
	}
	if f.d.Peek() == '[' {
		// encoding/json takes an array of numbers for a []byte too.
		b := (*p)[:0]
		_, err := f.d.Elements(func() error {
			var n byte
			err := f.d.Byte(&n)
			b = append(b, n)
			return err
		})
		f.set(err)
		if b == nil {
			b = []byte{}
		}
		*p = b
		return
	}
	if f.d.Peek() != '"' {
		f.set(f.d.mismatch())
		return
	}
	var s string
	f.set(f.d.String(&s))
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		f.set(err)
		return
	}
	*p = b
}

// JSON is a field of any JSON, kept as its text (encoding/json's
// RawMessage, or a type like it).
func JSON[R ~[]byte](f *Fields, name string, p *R, omit Omit) {
	if !f.name(name, len(*p) == 0, omit) {
		return
	}
	if f.enc {
		if len(*p) == 0 {
			f.b = append(f.b, "null"...)
			return
		}
		f.b = f.appendCompact(f.b, []byte(*p))
		return
	}
	s, err := f.d.Raw()
	f.set(err)
	*p = R(s)
}

// Struct is a field that is a struct with a codec (omitempty does not
// apply to structs in encoding/json). Not generic: a generic function is
// compiled once for each struct type it is given.
func Struct(f *Fields, name string, p Object) {
	if !f.name(name, false, Keep) {
		return
	}
	if f.enc {
		f.encObject(p)
		return
	}
	f.set(f.d.Object(p))
}

// Ptr is a field that is a pointer to a struct with a codec.
func Ptr[P interface {
	*T
	Object
}, T any](f *Fields, name string, p *P, omit Omit) {
	if !f.name(name, *p == nil, omit) {
		return
	}
	if f.enc {
		if *p == nil {
			f.b = append(f.b, "null"...)
			return
		}
		f.encObject(*p)
		return
	}
	f.set(DecodePtr(f.d, p))
}

// Slice is a field that is a slice; elem encodes or decodes one element.
func Slice[T any](f *Fields, name string, p *[]T, omit Omit, elem Value[T]) {
	if !f.name(name, len(*p) == 0, omit) {
		return
	}
	if f.enc {
		appendSlice(f, *p, elem)
		return
	}
	f.set(DecodeSlice(f.d, p, elem))
}

// Map is a field that is a map with string keys.
func Map[K ~string, T any](f *Fields, name string, p *map[K]T, omit Omit, elem Value[T]) {
	if !f.name(name, len(*p) == 0, omit) {
		return
	}
	if f.enc {
		appendMap(f, *p, elem)
		return
	}
	f.set(DecodeMap(f.d, p, elem))
}

// StrPtr is a field that is a pointer to a string (nil: left out with
// omitempty, else null).
func StrPtr[S ~string](f *Fields, name string, p **S, omit Omit) {
	if !f.name(name, *p == nil, omit) {
		return
	}
	if f.enc {
		if *p == nil {
			f.b = append(f.b, "null"...)
		} else {
			f.b = f.appendString(f.b, string(**p))
		}
		return
	}
	if f.d.Null() {
		*p = nil
		return
	}
	if f.d.Peek() != '"' {
		f.set(f.d.mismatch())
		return
	}
	var s string
	if *p != nil {
		s = string(**p)
	}
	f.set(f.d.String(&s))
	v := S(s)
	*p = &v
}

// Obj is a field that holds any struct with a codec, behind the
// interface (nil: left out with omitempty, else null). Decoding reads
// into the value there; a nil one skips the value.
func Obj(f *Fields, name string, o Object, omit Omit) {
	if !f.name(name, o == nil, omit) {
		return
	}
	if f.enc {
		if o == nil {
			f.b = append(f.b, "null"...)
		} else {
			f.encObject(o)
		}
		return
	}
	if o == nil {
		f.set(f.d.Skip())
		return
	}
	f.set(f.d.Object(o))
}
