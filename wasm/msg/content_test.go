package msg

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"slices"
	"strconv"
	"testing"
)

// filled is a value of t with every field set (strings "x", numbers 1,
// pointers to filled values), so that a field a function forgets shows.
func filled(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Int, reflect.Int64:
		v.SetInt(1)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(filled(t.Elem()).Addr())
	case reflect.Struct:
		for i := range t.NumField() {
			v.Field(i).Set(filled(t.Field(i).Type))
		}
	}
	return v
}

// pointers are the addresses of the pointers inside v.
func pointers(v reflect.Value) []uintptr {
	var out []uintptr
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			out = append(append(out, v.Pointer()), pointers(v.Elem())...)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			out = append(out, pointers(v.Field(i))...)
		}
	}
	return out
}

// TestContentCloneSharesNothing: every field of Content, those to come
// too, survives Clone, and no pointer is shared with the original (a
// repeat's next occurrence must not change when this one is fetched).
func TestContentCloneSharesNothing(t *testing.T) {
	t.Parallel()
	c := filled(reflect.TypeFor[Content]()).Interface().(Content)
	got := c.Clone()
	if !reflect.DeepEqual(got, c) {
		t.Fatalf("Clone = %+v, want %+v", got, c)
	}
	orig := pointers(reflect.ValueOf(c))
	for _, p := range pointers(reflect.ValueOf(got)) {
		if slices.Contains(orig, p) {
			t.Errorf("Clone shares a pointer with the original: copy the new field in Content.Clone")
		}
	}
}

// TestEveryContentHasATitle: a content with any one field set is named
// to the person; a new kind of content is not shown nameless.
func TestEveryContentHasATitle(t *testing.T) {
	t.Parallel()
	ct := reflect.TypeFor[Content]()
	for i := range ct.NumField() {
		f := ct.Field(i)
		if f.Name == "Kind" {
			continue
		}
		var c Content
		reflect.ValueOf(&c).Elem().Field(i).Set(filled(f.Type))
		if c.Title(20) == "" {
			t.Errorf("a content of only %s has no title: name it in Content.Title", f.Name)
		}
	}
}

// TestEntryJSONUnchanged: an entry in storage.local from before Content
// existed loads with its content, and is written with the same names.
func TestEntryJSONUnchanged(t *testing.T) {
	t.Parallel()
	const old = `{"id":"e1","to":{"userName":"@u"},"kind":"file","text":"t",` +
		`"file":{"id":"f","name":"a.pdf","size":3},"emoticon":"m","source":{"url":"https://a.test/a.pdf","as":"link"},` +
		`"slot":1,"due":2,"clientMsgId":"c","state":"queued","created":3,"updated":4}`
	var e Entry
	if err := json.Unmarshal([]byte(old), &e); err != nil {
		t.Fatal(err)
	}
	want := Content{Kind: KindFile, Text: "t", File: &FileRef{ID: "f", Name: "a.pdf", Size: 3}, Emoticon: "m",
		Source: &Source{URL: "https://a.test/a.pdf", As: "link"}}
	if !reflect.DeepEqual(e.Content, want) {
		t.Errorf("loaded content = %+v, want %+v", e.Content, want)
	}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != old {
		t.Errorf("written as\n%s\nwant\n%s", b, old)
	}
}

// TestKindsListedAndWorded: every EntryKind constant of content.go is in
// Kinds (else the popup shows it as a raw word), and has its words in
// both languages.
func TestKindsListedAndWorded(t *testing.T) {
	t.Parallel()
	f, err := parser.ParseFile(token.NewFileSet(), "content.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var declared []EntryKind
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "EntryKind" {
				continue
			}
			for _, v := range vs.Values {
				s, err := strconv.Unquote(v.(*ast.BasicLit).Value)
				if err != nil {
					t.Fatal(err)
				}
				declared = append(declared, EntryKind(s))
			}
		}
	}
	if len(declared) == 0 || !slices.Equal(declared, Kinds()) {
		t.Errorf("EntryKind constants %q, Kinds() %q: list every kind in Kinds", declared, Kinds())
	}
	for _, lang := range []string{"en", "zh_CN"} {
		b, err := os.ReadFile("../../_locales/" + lang + "/messages.json")
		if err != nil {
			t.Fatal(err)
		}
		var words map[string]struct {
			Message string `json:"message"`
		}
		if err := json.Unmarshal(b, &words); err != nil {
			t.Fatal(err)
		}
		for _, k := range Kinds() {
			if words["kind_"+string(k)].Message == "" {
				t.Errorf("_locales/%s has no kind_%s", lang, k)
			}
		}
	}
}
