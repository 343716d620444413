package jsonlite_test

import (
	"testing"

	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/jsonlite/jsonlitetest"
)

// inner and kitchen use every kind of field jsonlite has.
type inner struct {
	A string `json:"a"`
	N int    `json:"n,omitempty"`
}

func (x *inner) Fields(f *jsonlite.Fields) {
	jsonlite.Str(f, "a", &x.A, jsonlite.Keep)
	jsonlite.Int(f, "n", &x.N, jsonlite.OmitEmpty)
}

type kind string

type kitchen struct {
	S    string           `json:"s"`
	K    kind             `json:"k,omitempty"`
	I    int              `json:"i"`
	I64  int64            `json:"i64,omitempty"`
	F    float64          `json:"f"`
	FO   float64          `json:"fo,omitempty"`
	B    bool             `json:"b,omitempty"`
	Data []byte           `json:"data,omitempty"`
	Raw  jsonlite.Raw     `json:"raw,omitempty"`
	In   inner            `json:"in"`
	P    *inner           `json:"p,omitempty"`
	L    []inner          `json:"l"`
	M    map[string]int64 `json:"m,omitempty"`
	MK   map[kind]inner   `json:"mk,omitempty"`
	SP   *string          `json:"sp,omitempty"`
	KP   *kind            `json:"kp,omitempty"`
	Strs []string         `json:"strs"`
}

func (x *kitchen) Fields(f *jsonlite.Fields) {
	jsonlite.Str(f, "s", &x.S, jsonlite.Keep)
	jsonlite.Str(f, "k", &x.K, jsonlite.OmitEmpty)
	jsonlite.Int(f, "i", &x.I, jsonlite.Keep)
	jsonlite.Int(f, "i64", &x.I64, jsonlite.OmitEmpty)
	jsonlite.Float(f, "f", &x.F, jsonlite.Keep)
	jsonlite.Float(f, "fo", &x.FO, jsonlite.OmitEmpty)
	jsonlite.Bool(f, "b", &x.B, jsonlite.OmitEmpty)
	jsonlite.Bytes(f, "data", &x.Data, jsonlite.OmitEmpty)
	jsonlite.JSON(f, "raw", &x.Raw, jsonlite.OmitEmpty)
	jsonlite.Struct(f, "in", &x.In)
	jsonlite.Ptr(f, "p", &x.P, jsonlite.OmitEmpty)
	jsonlite.Slice(f, "l", &x.L, jsonlite.Keep, jsonlite.ObjectValue[*inner]())
	jsonlite.Map(f, "m", &x.M, jsonlite.OmitEmpty, jsonlite.IntValue[int64]())
	jsonlite.Map(f, "mk", &x.MK, jsonlite.OmitEmpty, jsonlite.ObjectValue[*inner]())
	jsonlite.StrPtr(f, "sp", &x.SP, jsonlite.OmitEmpty)
	jsonlite.StrPtr(f, "kp", &x.KP, jsonlite.OmitEmpty)
	jsonlite.Slice(f, "strs", &x.Strs, jsonlite.Keep, jsonlite.StringValue[string]())
}

func TestKitchenIsEncodingJSONs(t *testing.T) {
	jsonlitetest.Check[*kitchen](t)
	jsonlitetest.Check[*inner](t)
}

func decodeKitchen(text string, v *kitchen) error { return jsonlite.Decode(text, v) }

// Inputs where a decoder may differ from encoding/json.
var seeds = []string{
	`{}`, `null`, `[]`, `"x"`, `1`, ``, ` {"s":"a"} `, `{"s":"a"} x`, `{"s":"a",}`,
	`{"S":"upper","I":2}`, `{"ſ":"long s"}`, `{"K":"kelvin"}`, "{\"\u212a\":\"x\"}",
	`{"s":"\u00e9\ud83d\ude00\ud800x\udc00","k":"\u0026<>"}`, "{\"s\":\"\xff\xfe bad\"}",
	`{"s":null,"i":null,"f":null,"b":null,"in":null,"p":null,"l":null,"m":null,"sp":null,"strs":null}`,
	`{"s":1}`, `{"i":"1"}`, `{"i":1.5}`, `{"i":1e2}`, `{"i":-0}`, `{"i":9223372036854775808}`,
	`{"f":1e400}`, `{"f":-0.0}`, `{"f":1E-7}`, `{"b":"true"}`, `{"b":tru}`,
	`{"data":"AAEC/w=="}`, `{"data":"AAE"}`, `{"data":[1,2,255]}`, `{"data":[256]}`, `{"data":null}`,
	`{"raw":{"a" : [1, 2]}}`, `{"raw":null}`, `{"raw":"x"}`,
	`{"in":{"a":"x"},"in":{"n":2}}`, `{"p":{"a":"x"},"p":{"n":2}}`, `{"p":{"a":"x"},"p":null}`,
	`{"l":[{"a":"x","n":1},{"a":"y"}],"l":[{"n":3}]}`, `{"l":[]}`, `{"l":[null,{"a":"z"}]}`,
	`{"m":{"a":1,"b":2},"m":{"c":3}}`, `{"m":{"a":null}}`, `{"m":[]}`, `{"mk":{"x":{"a":"b"}}}`,
	`{"sp":"x"}`, `{"sp":1}`, `{"kp":"k"}`, `{"strs":["a",null,"b"]}`, `{"strs":"a"}`,
	`{"unknown":{"deep":[1,{"x":null}]},"s":"after"}`, `{"s":"a" "i":1}`, `{0":""}`, `{"a":1,}`, `{"s":"\x01"}`, `{"s":"\q"}`,
}

func TestDecodeIsEncodingJSONs(t *testing.T) {
	for _, s := range seeds {
		jsonlitetest.Same(t, []byte(s), decodeKitchen)
	}
}

// FuzzDecode: on any input, jsonlite fails where encoding/json fails and
// reads what encoding/json reads.
func FuzzDecode(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		jsonlitetest.Same(t, b, decodeKitchen)
	})
}
