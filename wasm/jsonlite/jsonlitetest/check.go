// Package jsonlitetest holds a type's jsonlite codec to encoding/json, in
// tests (it uses reflection; no program imports it).
package jsonlitetest

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/jsonlite"
)

// Fill sets every field of *p, at any depth, to a value that is not
// empty (strings with characters JSON escapes, two elements in every
// slice and map, every pointer made): a field a codec leaves out shows.
func Fill(p any) {
	n := 0
	fill(reflect.ValueOf(p).Elem(), &n, 0)
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

func fill(v reflect.Value, n *int, depth int) {
	*n++
	k := *n
	if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 && reflect.PointerTo(v.Type()).Implements(unmarshalerType) {
		// JSON kept as text: json.RawMessage, jsonlite.Raw.
		v.SetBytes([]byte(`{"k": [` + strconv.Itoa(k) + `, "<a&b>"], "e": null}`))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + strconv.Itoa(k) + ` "q" \ <&> é ` + "\u2028\t\x01")
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(k*1000 + 7))
	case reflect.Float64:
		v.SetFloat(float64(k) + 0.25)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			v.SetBytes([]byte{byte(k), 0, 255, '<'})
			return
		}
		s := reflect.MakeSlice(v.Type(), 2, 2)
		if depth < 4 {
			fill(s.Index(0), n, depth+1)
			fill(s.Index(1), n, depth+1)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for i := 0; i < 2; i++ {
			key := reflect.New(v.Type().Key()).Elem()
			fill(key, n, depth+1)
			val := reflect.New(v.Type().Elem()).Elem()
			if depth < 4 {
				fill(val, n, depth+1)
			}
			m.SetMapIndex(key, val)
		}
		v.Set(m)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		if depth < 4 {
			fill(p.Elem(), n, depth+1)
		}
		v.Set(p)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() && v.Type().Field(i).Tag.Get("json") != "-" {
				fill(v.Field(i), n, depth+1)
			}
		}
	case reflect.Interface:
		v.Set(reflect.ValueOf("any " + strconv.Itoa(k)))
	default:
		panic("jsonlitetest: cannot fill a " + v.Type().String())
	}
}

// Check holds the codec of *T to encoding/json, with every field filled
// and with none: encoding equals json.Marshal (and the stored form an
// Encoder's without HTML escapes), and decoding json.Marshal's text
// gives what json.Unmarshal gives, and the value encoded.
func Check[P interface {
	*T
	jsonlite.Object
}, T any](t *testing.T) {
	t.Helper()
	var full T
	Fill(&full)
	var zero T
	for _, c := range []struct {
		name string
		v    T
	}{{"filled", full}, {"zero", zero}} {
		want, err := json.Marshal(c.v)
		if err != nil {
			t.Fatalf("%T %s: json.Marshal: %v", c.v, c.name, err)
		}
		if got := jsonlite.Append(nil, P(&c.v)); !bytes.Equal(got, want) {
			t.Errorf("%T %s: Append\n got %s\nwant %s", c.v, c.name, got, want)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(c.v); err != nil {
			t.Fatal(err)
		}
		if got := jsonlite.AppendStored(nil, P(&c.v)); string(got) != strings.TrimSuffix(buf.String(), "\n") {
			t.Errorf("%T %s: AppendStored\n got %s\nwant %s", c.v, c.name, got, buf.String())
		}
		var viaJSON, viaLite T
		if err := json.Unmarshal(want, &viaJSON); err != nil {
			t.Fatal(err)
		}
		if err := jsonlite.Decode(string(want), P(&viaLite)); err != nil {
			t.Errorf("%T %s: Decode: %v", c.v, c.name, err)
		}
		if !reflect.DeepEqual(viaLite, viaJSON) {
			t.Errorf("%T %s: Decode\n got %+v\nwant %+v", c.v, c.name, viaLite, viaJSON)
		}
		// What jsonlite reads back encodes as what it was made from.
		if again := jsonlite.Append(nil, P(&viaLite)); !bytes.Equal(again, want) {
			t.Errorf("%T %s: round trip\n got %s\nwant %s", c.v, c.name, again, want)
		}
	}
}

// Same decodes text with encoding/json and with decode (jsonlite) into
// fresh values, and fails t unless both fail or both give the same value.
func Same[T any](t *testing.T, text []byte, decode func(string, *T) error) {
	t.Helper()
	var viaJSON, viaLite T
	errJSON := json.Unmarshal(text, &viaJSON)
	errLite := decode(string(text), &viaLite)
	if (errJSON == nil) != (errLite == nil) {
		t.Fatalf("%q: encoding/json: %v; jsonlite: %v", text, errJSON, errLite)
	}
	if errJSON == nil && !reflect.DeepEqual(viaJSON, viaLite) {
		t.Fatalf("%q:\nencoding/json %#v\njsonlite      %#v", text, viaJSON, viaLite)
	}
}
