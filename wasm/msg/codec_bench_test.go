package msg_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// benchOutbox is an outbox of 500 entries, as the popup reads it.
func benchOutbox(b *testing.B) string {
	ob := msg.Outbox{Entries: map[string]msg.Entry{}}
	for i := range 500 {
		id := "e" + strconv.Itoa(i)
		ob.Entries[id] = msg.Entry{ID: id, To: msg.Recipient{UserName: "@u" + id, NickName: "张三 & co"},
			Content: msg.Content{Kind: msg.KindText, Text: "hello <b>" + id + "</b>"}, Slot: int64(i), Due: 1700000000000,
			ClientMsgID: "c" + id, State: msg.EntrySent, Created: 1, Updated: 2}
	}
	text, err := json.Marshal(ob)
	if err != nil {
		b.Fatal(err)
	}
	return string(text)
}

func BenchmarkOutboxDecodeJsonlite(b *testing.B) {
	text := benchOutbox(b)
	for b.Loop() {
		var ob msg.Outbox
		if err := jsonlite.Decode(text, &ob); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOutboxDecodeEncodingJSON(b *testing.B) {
	text := benchOutbox(b)
	for b.Loop() {
		var ob msg.Outbox
		if err := json.Unmarshal([]byte(text), &ob); err != nil {
			b.Fatal(err)
		}
	}
}
