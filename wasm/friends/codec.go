package friends

import jl "github.com/wxdrop/wxdrop/wasm/jsonlite"

// The jsonlite codecs of the records the pages read (see package
// jsonlite); codec_test.go holds each to encoding/json.

func (x *Request) Fields(f *jl.Fields) {
	jl.Str(f, "id", &x.ID, jl.Keep)
	jl.Str(f, "userName", &x.UserName, jl.Keep)
	jl.Str(f, "nickName", &x.NickName, jl.Keep)
	jl.Str(f, "content", &x.Content, jl.OmitEmpty)
	jl.Int(f, "sex", &x.Sex, jl.OmitEmpty)
	jl.Str(f, "province", &x.Province, jl.OmitEmpty)
	jl.Str(f, "city", &x.City, jl.OmitEmpty)
	jl.Str(f, "signature", &x.Signature, jl.OmitEmpty)
	jl.Str(f, "alias", &x.Alias, jl.OmitEmpty)
	jl.Int(f, "scene", &x.Scene, jl.OmitEmpty)
	jl.Str(f, "ticket", &x.Ticket, jl.OmitEmpty)
	jl.Int(f, "time", &x.Time, jl.Keep)
	jl.Str(f, "account", &x.Account, jl.OmitEmpty)
	jl.Str(f, "accountId", &x.AccountID, jl.OmitEmpty)
	jl.Str(f, "host", &x.Host, jl.OmitEmpty)
	jl.Str(f, "state", &x.State, jl.Keep)
	jl.Bool(f, "byRule", &x.ByRule, jl.OmitEmpty)
	jl.Str(f, "error", &x.Error, jl.OmitEmpty)
	jl.Bool(f, "held", &x.Held, jl.OmitEmpty)
}

func (x *Config) Fields(f *jl.Fields) {
	jl.Bool(f, "off", &x.Off, jl.OmitEmpty)
	jl.Str(f, "auto", &x.Auto, jl.OmitEmpty)
	jl.Str(f, "word", &x.Word, jl.OmitEmpty)
	jl.Str(f, "greeting", &x.Greeting, jl.OmitEmpty)
}

func (x *Record) Fields(f *jl.Fields) {
	jl.Slice(f, "requests", &x.Requests, jl.Keep, jl.ObjectValue[*Request]())
	jl.Slice(f, "ruleTimes", &x.RuleTimes, jl.OmitEmpty, jl.IntValue[int64]())
}
