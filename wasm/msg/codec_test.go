package msg_test

import (
	"encoding/json"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/jsonlite/jsonlitetest"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// Every type with a jsonlite codec, held to encoding/json with each of
// its fields filled (a field the codec misses fails) and with none.
func TestCodecsAreEncodingJSONs(t *testing.T) {
	for name, check := range map[string]func(*testing.T){
		"Error":              jsonlitetest.Check[*msg.Error],
		"State":              jsonlitetest.Check[*msg.State],
		"AccountInfo":        jsonlitetest.Check[*msg.AccountInfo],
		"Contact":            jsonlitetest.Check[*msg.Contact],
		"Contacts":           jsonlitetest.Check[*msg.Contacts],
		"SearchList":         jsonlitetest.Check[*msg.SearchList],
		"FileRef":            jsonlitetest.Check[*msg.FileRef],
		"Source":             jsonlitetest.Check[*msg.Source],
		"Media":              jsonlitetest.Check[*msg.Media],
		"Content":            jsonlitetest.Check[*msg.Content],
		"Recipient":          jsonlitetest.Check[*msg.Recipient],
		"Entry":              jsonlitetest.Check[*msg.Entry],
		"Upload":             jsonlitetest.Check[*msg.Upload],
		"Outbox":             jsonlitetest.Check[*msg.Outbox],
		"Progress":           jsonlitetest.Check[*msg.Progress],
		"AddBody":            jsonlitetest.Check[*msg.AddBody],
		"AddResult":          jsonlitetest.Check[*msg.AddResult],
		"EditBody":           jsonlitetest.Check[*msg.EditBody],
		"IDBody":             jsonlitetest.Check[*msg.IDBody],
		"Settings":           jsonlitetest.Check[*msg.Settings],
		"Share":              jsonlitetest.Check[*msg.Share],
		"Automation":         jsonlitetest.Check[*msg.Automation],
		"Run":                jsonlitetest.Check[*msg.Run],
		"RunBody":            jsonlitetest.Check[*msg.RunBody],
		"RunChat":            jsonlitetest.Check[*msg.RunChat],
		"RunStatus":          jsonlitetest.Check[*msg.RunStatus],
		"AcceptFriendBody":   jsonlitetest.Check[*msg.AcceptFriendBody],
		"FriendAccepted":     jsonlitetest.Check[*msg.FriendAccepted],
		"FriendsView":        jsonlitetest.Check[*msg.FriendsView],
		"ExportBody":         jsonlitetest.Check[*msg.ExportBody],
		"Export":             jsonlitetest.Check[*msg.Export],
		"ExportMessagesBody": jsonlitetest.Check[*msg.ExportMessagesBody],
		"KeptChat":           jsonlitetest.Check[*msg.KeptChat],
	} {
		t.Run(name, check)
	}
}

// A request is encoded as encoding/json writes it, with a body or none
// (its Fields only encodes: the worker decodes requests).
func TestRequestEncodesAsEncodingJSON(t *testing.T) {
	for _, r := range []msg.Request{
		{Name: msg.OutboxCancel, Body: &msg.IDBody{ID: "e<1>"}},
		{Name: msg.GetState},
		{Name: msg.OutboxAdd, Body: &msg.AddBody{To: "@a", Text: "hi & bye", At: 5}},
	} {
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if got := jsonlite.Append(nil, &r); string(got) != string(want) {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}

// FuzzDecodeOutbox: on any input, the outbox's codec fails where
// encoding/json fails and reads what it reads (entries, runs, errors,
// every nested record).
func FuzzDecodeOutbox(f *testing.F) {
	var full msg.Outbox
	jsonlitetest.Fill(&full)
	b, err := json.Marshal(full)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"entries":{"a":{"id":"a","to":{"userName":"@x"},"kind":"text","text":"hi","file":null}},"ENTRIES":{"b":{}}}`))
	f.Add([]byte(`{"entries":{"a":{"slot":1.5,"error":{"code":1}}},"runs":{"r":{"sends":[1,"x"]}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		jsonlitetest.Same(t, b, func(s string, ob *msg.Outbox) error { return jsonlite.Decode(s, ob) })
	})
}
