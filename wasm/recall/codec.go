package recall

import jl "github.com/wxdrop/wxdrop/wasm/jsonlite"

// The jsonlite codecs of what the pages read (see package jsonlite);
// codec_test.go holds each to encoding/json.

func (x *Config) Fields(f *jl.Fields) {
	jl.Bool(f, "on", &x.On, jl.Keep)
	jl.Int(f, "days", &x.Days, jl.OmitEmpty)
	jl.Int(f, "mb", &x.MB, jl.OmitEmpty)
	jl.Bool(f, "notify", &x.Notify, jl.OmitEmpty)
}

func (x *Recalled) Fields(f *jl.Fields) {
	jl.Str(f, "id", &x.ID, jl.Keep)
	jl.Str(f, "account", &x.Account, jl.Keep)
	jl.Str(f, "chat", &x.Chat, jl.Keep)
	jl.Str(f, "chatName", &x.ChatName, jl.OmitEmpty)
	jl.Str(f, "from", &x.From, jl.Keep)
	jl.Str(f, "senderName", &x.SenderName, jl.OmitEmpty)
	jl.Int(f, "time", &x.Time, jl.Keep)
	jl.Int(f, "at", &x.At, jl.Keep)
	jl.JSON(f, "original", &x.Original, jl.Keep)
	jl.Str(f, "media", &x.Media, jl.OmitEmpty)
	jl.Str(f, "mediaName", &x.MediaName, jl.OmitEmpty)
	jl.Str(f, "mediaType", &x.MediaType, jl.OmitEmpty)
	jl.Str(f, "mediaError", &x.MediaError, jl.OmitEmpty)
}

func (x *View) Fields(f *jl.Fields) {
	jl.Struct(f, "config", &x.Config)
	jl.Int(f, "kept", &x.Kept, jl.Keep)
	jl.Int(f, "bytes", &x.Bytes, jl.Keep)
	jl.Int(f, "media", &x.Media, jl.Keep)
	jl.Slice(f, "recalled", &x.Recalled, jl.Keep, jl.ObjectValue[*Recalled]())
}
