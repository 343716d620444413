package model

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// FuzzDecodeState: the fast path never disagrees with encoding/json.
func FuzzDecodeState(f *testing.F) {
	for _, s := range []string{
		`{"status":"ready","host":"wx.qq.com","userName":"@a","nickName":"张三","headImgUrl":"/cgi-bin/x?a=1\u0026b=2","account":"k1","accounts":[{"id":"k1","nickName":"张三","host":"wx.qq.com","status":"ready"},{"id":"k2","status":"loggedOut"}]}`,
		`{"status":"none"}`, `{}`, `{"accounts":null}`, `{"accounts":[]}`, `{"Status":"ready"}`, `{"status":"a","status":"b"}`,
		`{"status":null}`, `{"accounts":[{"id":1}]}`, `{"status":"ready","x":1}`, `{"status":"ready"} x`, `[]`, `null`, "{\"nickName\":\"\xff\"}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { sameAsJSON(t, "DecodeState", DecodeState, s) })
}

// TestDecodeStateFast: what the worker writes is read by the scanner,
// not handed to encoding/json (which would be right too, but slow on the
// popup's first frame).
func TestDecodeStateFast(t *testing.T) {
	for _, st := range []msg.State{
		{Status: msg.SessionNone},
		{Status: msg.SessionReady, Host: "wx.qq.com", UserName: "@a", NickName: "张三 <&>", HeadImgURL: "/x?a=1&b=2", Account: "k1",
			Accounts: []msg.AccountInfo{{ID: "k1", NickName: "张三", Host: "wx.qq.com", Status: msg.SessionReady}, {ID: "k2", Status: msg.SessionLoggedOut}}},
	} {
		b, err := json.Marshal(st)
		if err != nil {
			t.Fatal(err)
		}
		d := decoder{s: string(b)}
		got, err := d.state()
		if err != nil {
			t.Fatalf("the scanner refused %s: %v", b, err)
		}
		if !reflect.DeepEqual(got, st) {
			t.Errorf("scanner read %s as %+v, want %+v", b, got, st)
		}
	}
}
