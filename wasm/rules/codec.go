package rules

import jl "github.com/wxdrop/wxdrop/wasm/jsonlite"

// The jsonlite codecs of what the options page reads and writes (see
// package jsonlite); codec_test.go holds each to encoding/json.

func (x *Config) Fields(f *jl.Fields) {
	jl.Bool(f, "on", &x.On, jl.Keep)
	jl.Slice(f, "rules", &x.Rules, jl.Keep, jl.ObjectValue[*Rule]())
}

func (x *View) Fields(f *jl.Fields) {
	x.Config.Fields(f) // embedded
	jl.Slice(f, "log", &x.Log, jl.Keep, jl.ObjectValue[*LogEntry]())
}

func (x *Rule) Fields(f *jl.Fields) {
	jl.Str(f, "id", &x.ID, jl.Keep)
	jl.Str(f, "kind", &x.Kind, jl.Keep)
	jl.Bool(f, "on", &x.On, jl.Keep)
	jl.Str(f, "match", &x.Match, jl.OmitEmpty)
	jl.Str(f, "pattern", &x.Pattern, jl.OmitEmpty)
	jl.Str(f, "reply", &x.Reply, jl.OmitEmpty)
	jl.Slice(f, "chats", &x.Chats, jl.OmitEmpty, jl.StringValue[string]())
	jl.Int(f, "cooldownSec", &x.CooldownSec, jl.OmitEmpty)
	jl.Str(f, "from", &x.From, jl.OmitEmpty)
	jl.Str(f, "to", &x.To, jl.OmitEmpty)
	jl.Slice(f, "types", &x.Types, jl.OmitEmpty, jl.StringValue[string]())
	jl.Str(f, "folder", &x.Folder, jl.OmitEmpty)
	jl.Str(f, "account", &x.Account, jl.OmitEmpty)
}

func (x *LogEntry) Fields(f *jl.Fields) {
	jl.Int(f, "time", &x.Time, jl.Keep)
	jl.Str(f, "rule", &x.Rule, jl.Keep)
	jl.Str(f, "kind", &x.Kind, jl.Keep)
	jl.Str(f, "chat", &x.Chat, jl.Keep)
	jl.Str(f, "what", &x.What, jl.Keep)
	jl.Str(f, "type", &x.Type, jl.OmitEmpty)
	jl.Str(f, "result", &x.Result, jl.OmitEmpty)
	jl.Str(f, "detail", &x.Detail, jl.OmitEmpty)
}

func (x *State) Fields(f *jl.Fields) {
	jl.Slice(f, "seen", &x.Seen, jl.OmitEmpty, jl.StringValue[string]())
	jl.Map(f, "lastReply", &x.LastReply, jl.OmitEmpty, jl.IntValue[int64]())
	jl.Int(f, "hourStart", &x.HourStart, jl.OmitEmpty)
	jl.Int(f, "hourCount", &x.HourCount, jl.OmitEmpty)
	jl.Map(f, "hourChats", &x.HourChats, jl.OmitEmpty, jl.IntValue[int]())
	jl.Slice(f, "forwarded", &x.Forwarded, jl.OmitEmpty, jl.ObjectValue[*Forwarded]())
	jl.Int(f, "saveStart", &x.SaveStart, jl.OmitEmpty)
	jl.Int(f, "saveBytes", &x.SaveBytes, jl.OmitEmpty)
	jl.Slice(f, "log", &x.Log, jl.OmitEmpty, jl.ObjectValue[*LogEntry]())
}

func (x *Forwarded) Fields(f *jl.Fields) {
	jl.Int(f, "time", &x.Time, jl.Keep)
	jl.Int(f, "len", &x.Len, jl.Keep)
	jl.Str(f, "sum", &x.Sum, jl.Keep)
}
