package msg

import (
	"github.com/wxdrop/wxdrop/wasm/friends"
	jl "github.com/wxdrop/wxdrop/wasm/jsonlite"
)

// The jsonlite codecs of the messages and records the pages read and
// write: the popup links no encoding/json (see package jsonlite). Each
// lists its struct's fields in order with the json tags' names and
// omitempty; codec_test.go holds each to encoding/json, field by field.

// Fields of a request encodes one whose Body has a codec, or is nil, as
// the pages send it (the worker reads requests with encoding/json); a
// body read back is skipped.
func (x *Request) Fields(f *jl.Fields) {
	jl.Str(f, "name", &x.Name, jl.Keep)
	body, _ := x.Body.(jl.Object)
	jl.Obj(f, "body", body, jl.OmitEmpty)
	jl.Str(f, "account", &x.Account, jl.OmitEmpty)
}

func (x *Error) Fields(f *jl.Fields) {
	jl.Str(f, "code", &x.Code, jl.Keep)
	jl.Str(f, "detail", &x.Detail, jl.OmitEmpty)
	jl.Str(f, "entry", &x.Entry, jl.OmitEmpty)
}

func (x *State) Fields(f *jl.Fields) {
	jl.Str(f, "status", &x.Status, jl.Keep)
	jl.Str(f, "host", &x.Host, jl.OmitEmpty)
	jl.Str(f, "userName", &x.UserName, jl.OmitEmpty)
	jl.Str(f, "nickName", &x.NickName, jl.OmitEmpty)
	jl.Str(f, "headImgUrl", &x.HeadImgURL, jl.OmitEmpty)
	jl.Str(f, "account", &x.Account, jl.OmitEmpty)
	jl.Slice(f, "accounts", &x.Accounts, jl.OmitEmpty, jl.ObjectValue[*AccountInfo]())
}

func (x *AccountInfo) Fields(f *jl.Fields) {
	jl.Str(f, "id", &x.ID, jl.Keep)
	jl.Str(f, "nickName", &x.NickName, jl.OmitEmpty)
	jl.Str(f, "host", &x.Host, jl.OmitEmpty)
	jl.Str(f, "status", &x.Status, jl.Keep)
}

func (x *Contact) Fields(f *jl.Fields) {
	jl.Str(f, "u", &x.UserName, jl.Keep)
	jl.Str(f, "n", &x.NickName, jl.OmitEmpty)
	jl.Str(f, "r", &x.RemarkName, jl.OmitEmpty)
	jl.Str(f, "pi", &x.PYInitial, jl.OmitEmpty)
	jl.Str(f, "pq", &x.PYQuanPin, jl.OmitEmpty)
	jl.Str(f, "rpi", &x.RemarkPYInitial, jl.OmitEmpty)
	jl.Str(f, "rpq", &x.RemarkPYQuanPin, jl.OmitEmpty)
	jl.Str(f, "h", &x.HeadImgURL, jl.OmitEmpty)
	jl.Bool(f, "g", &x.Group, jl.OmitEmpty)
	jl.Str(f, "a", &x.Alias, jl.OmitEmpty)
	jl.Int(f, "s", &x.Sex, jl.OmitEmpty)
	jl.Str(f, "pr", &x.Province, jl.OmitEmpty)
	jl.Str(f, "ci", &x.City, jl.OmitEmpty)
	jl.Int(f, "rc", &x.Recent, jl.OmitEmpty)
	jl.Bool(f, "us", &x.Unsaved, jl.OmitEmpty)
}

func (x *Contacts) Fields(f *jl.Fields) {
	jl.Slice(f, "contacts", &x.Contacts, jl.Keep, jl.ObjectValue[*Contact]())
	jl.Str(f, "login", &x.Login, jl.OmitEmpty)
	jl.Str(f, "account", &x.Account, jl.OmitEmpty)
	jl.Bool(f, "loading", &x.Loading, jl.OmitEmpty)
	jl.Str(f, "stamp", &x.Stamp, jl.OmitEmpty)
}

func (x *SearchList) Fields(f *jl.Fields) {
	jl.Str(f, "login", &x.Login, jl.OmitEmpty)
	jl.Str(f, "stamp", &x.Stamp, jl.OmitEmpty)
	jl.Slice(f, "d", &x.Display, jl.Keep, jl.StringValue[string]())
	jl.Slice(f, "k", &x.Nick, jl.Keep, jl.StringValue[string]())
	jl.Slice(f, "s", &x.Keys, jl.Keep, jl.StringValue[string]())
	jl.Map(f, "x", &x.Split, jl.OmitEmpty, jl.SliceValue(jl.StringValue[string]()))
	jl.Slice(f, "g", &x.Groups, jl.OmitEmpty, jl.IntValue[int]())
}

func (x *FileRef) Fields(f *jl.Fields) {
	jl.Str(f, "id", &x.ID, jl.Keep)
	jl.Str(f, "name", &x.Name, jl.Keep)
	jl.Int(f, "size", &x.Size, jl.Keep)
	jl.Str(f, "type", &x.Type, jl.OmitEmpty)
	jl.Str(f, "md5", &x.MD5, jl.OmitEmpty)
}

func (x *Source) Fields(f *jl.Fields) {
	jl.Str(f, "url", &x.URL, jl.Keep)
	jl.Str(f, "page", &x.Page, jl.OmitEmpty)
	jl.Str(f, "frame", &x.Frame, jl.OmitEmpty)
	jl.Str(f, "as", &x.As, jl.Keep)
	jl.Ptr(f, "media", &x.Media, jl.OmitEmpty)
}

func (x *Media) Fields(f *jl.Fields) {
	jl.Str(f, "msgId", &x.MsgID, jl.Keep)
	jl.Str(f, "type", &x.Type, jl.Keep)
	jl.Str(f, "sender", &x.Sender, jl.OmitEmpty)
	jl.Str(f, "mediaId", &x.MediaID, jl.OmitEmpty)
	jl.Str(f, "encryFileName", &x.EncryFileName, jl.OmitEmpty)
	jl.Str(f, "name", &x.Name, jl.OmitEmpty)
	jl.Int(f, "size", &x.Size, jl.OmitEmpty)
}

func (x *Recipient) Fields(f *jl.Fields) {
	jl.Str(f, "userName", &x.UserName, jl.Keep)
	jl.Str(f, "login", &x.Login, jl.OmitEmpty)
	jl.Str(f, "nickName", &x.NickName, jl.OmitEmpty)
	jl.Str(f, "remarkName", &x.RemarkName, jl.OmitEmpty)
	jl.Bool(f, "group", &x.Group, jl.OmitEmpty)
	jl.Str(f, "alias", &x.Alias, jl.OmitEmpty)
	jl.Int(f, "sex", &x.Sex, jl.OmitEmpty)
	jl.Str(f, "province", &x.Province, jl.OmitEmpty)
	jl.Str(f, "city", &x.City, jl.OmitEmpty)
	jl.Bool(f, "unsaved", &x.Unsaved, jl.OmitEmpty)
}

func (x *Entry) Fields(f *jl.Fields) {
	jl.Str(f, "id", &x.ID, jl.Keep)
	jl.Struct(f, "to", &x.To)
	jl.Str(f, "account", &x.Account, jl.OmitEmpty)
	x.Content.Fields(f) // embedded: its fields are the entry's
	jl.Bool(f, "scheduled", &x.Scheduled, jl.OmitEmpty)
	jl.Bool(f, "shared", &x.Shared, jl.OmitEmpty)
	jl.Bool(f, "chosen", &x.Chosen, jl.OmitEmpty)
	jl.Int(f, "slot", &x.Slot, jl.Keep)
	jl.Int(f, "due", &x.Due, jl.Keep)
	jl.Str(f, "repeat", &x.Repeat, jl.OmitEmpty)
	jl.Str(f, "series", &x.Series, jl.OmitEmpty)
	jl.Str(f, "clientMsgId", &x.ClientMsgID, jl.Keep)
	jl.Str(f, "state", &x.State, jl.Keep)
	jl.Ptr(f, "error", &x.Error, jl.OmitEmpty)
	jl.Str(f, "waiting", &x.Waiting, jl.OmitEmpty)
	jl.Bool(f, "notified", &x.Notified, jl.OmitEmpty)
	jl.Int(f, "tries", &x.Tries, jl.OmitEmpty)
	jl.Int(f, "retries", &x.Retries, jl.OmitEmpty)
	jl.Int(f, "retryAt", &x.RetryAt, jl.OmitEmpty)
	jl.Str(f, "msgId", &x.MsgID, jl.OmitEmpty)
	jl.Int(f, "created", &x.Created, jl.Keep)
	jl.Int(f, "updated", &x.Updated, jl.Keep)
	jl.Int(f, "done", &x.Done, jl.OmitEmpty)
	jl.Ptr(f, "upload", &x.Upload, jl.OmitEmpty)
	jl.Str(f, "uploadLogin", &x.UploadLogin, jl.OmitEmpty)
	jl.Bool(f, "nextMade", &x.NextMade, jl.OmitEmpty)
	jl.Str(f, "run", &x.Run, jl.OmitEmpty)
	jl.Int(f, "runSeq", &x.RunSeq, jl.OmitEmpty)
}

func (x *Upload) Fields(f *jl.Fields) {
	jl.Str(f, "mediaId", &x.MediaID, jl.Keep)
	jl.Str(f, "kind", &x.Kind, jl.Keep)
	jl.Str(f, "name", &x.Name, jl.Keep)
	jl.Int(f, "size", &x.Size, jl.Keep)
	jl.Str(f, "ext", &x.Ext, jl.OmitEmpty)
	jl.Str(f, "signature", &x.Signature, jl.OmitEmpty)
	jl.Str(f, "fileId", &x.FileID, jl.OmitEmpty)
}

func (x *Outbox) Fields(f *jl.Fields) {
	jl.Map(f, "entries", &x.Entries, jl.Keep, jl.ObjectValue[*Entry]())
	jl.Int(f, "lastSend", &x.LastSend, jl.OmitEmpty)
	jl.Int(f, "pauseUntil", &x.PauseUntil, jl.OmitEmpty)
	jl.Map(f, "orphans", &x.Orphans, jl.OmitEmpty, jl.IntValue[int64]())
	jl.Map(f, "runs", &x.Runs, jl.OmitEmpty, jl.ObjectValue[*Run]())
}

func (x *Progress) Fields(f *jl.Fields) {
	jl.Int(f, "done", &x.Done, jl.Keep)
	jl.Int(f, "size", &x.Size, jl.Keep)
	jl.Bool(f, "fetching", &x.Fetching, jl.OmitEmpty)
}

func (x *AddResult) Fields(f *jl.Fields) {
	jl.Slice(f, "entries", &x.Entries, jl.Keep, jl.ObjectValue[*Entry]())
}

func (x *EditBody) Fields(f *jl.Fields) {
	jl.Str(f, "id", &x.ID, jl.Keep)
	jl.Str(f, "to", &x.To, jl.OmitEmpty)
	jl.StrPtr(f, "text", &x.Text, jl.OmitEmpty)
	jl.Int(f, "at", &x.At, jl.OmitEmpty)
	jl.StrPtr(f, "repeat", &x.Repeat, jl.OmitEmpty)
}

func (x *IDBody) Fields(f *jl.Fields) { jl.Str(f, "id", &x.ID, jl.Keep) }

func (x *Settings) Fields(f *jl.Fields) {
	jl.Int(f, "graceMinutes", &x.GraceMinutes, jl.Keep)
	jl.Int(f, "spacingMs", &x.SpacingMs, jl.Keep)
	jl.Int(f, "keepDays", &x.KeepDays, jl.Keep)
}

func (x *Share) Fields(f *jl.Fields) {
	jl.Str(f, "text", &x.Text, jl.OmitEmpty)
	jl.Ptr(f, "source", &x.Source, jl.OmitEmpty)
	jl.Int(f, "made", &x.Made, jl.Keep)
}

func (x *Automation) Fields(f *jl.Fields) { jl.Bool(f, "api", &x.API, jl.Keep) }

func (x *Run) Fields(f *jl.Fields) {
	jl.Str(f, "id", &x.ID, jl.Keep)
	jl.Str(f, "account", &x.Account, jl.OmitEmpty)
	jl.Int(f, "spacingMs", &x.SpacingMs, jl.Keep)
	jl.Int(f, "perHour", &x.PerHour, jl.Keep)
	jl.Bool(f, "paused", &x.Paused, jl.OmitEmpty)
	jl.Bool(f, "stopped", &x.Stopped, jl.OmitEmpty)
	jl.Int(f, "lastSend", &x.LastSend, jl.OmitEmpty)
	jl.Slice(f, "sends", &x.Sends, jl.OmitEmpty, jl.IntValue[int64]())
	jl.Int(f, "active", &x.Active, jl.OmitEmpty)
	jl.Int(f, "created", &x.Created, jl.Keep)
	jl.Ptr(f, "upload", &x.Upload, jl.OmitEmpty)
	jl.Str(f, "uploadLogin", &x.UploadLogin, jl.OmitEmpty)
	jl.Str(f, "uploadTo", &x.UploadTo, jl.OmitEmpty)
	jl.Bool(f, "uploadPerChat", &x.UploadPerChat, jl.OmitEmpty)
}

func (x *RunBody) Fields(f *jl.Fields) {
	jl.Str(f, "id", &x.ID, jl.OmitEmpty)
	jl.Slice(f, "to", &x.To, jl.Keep, jl.StringValue[string]())
	jl.Str(f, "text", &x.Text, jl.Keep)
	jl.Ptr(f, "file", &x.File, jl.OmitEmpty)
	jl.Int(f, "at", &x.At, jl.OmitEmpty)
	jl.Str(f, "repeat", &x.Repeat, jl.OmitEmpty)
	jl.Int(f, "spacingMs", &x.SpacingMs, jl.OmitEmpty)
	jl.Int(f, "perHour", &x.PerHour, jl.OmitEmpty)
}

func (x *RunChat) Fields(f *jl.Fields) {
	jl.Str(f, "entry", &x.Entry, jl.Keep)
	jl.Str(f, "name", &x.Name, jl.Keep)
	jl.Str(f, "text", &x.Text, jl.Keep)
	jl.Str(f, "file", &x.File, jl.OmitEmpty)
	jl.Str(f, "result", &x.Result, jl.Keep)
	jl.Ptr(f, "error", &x.Error, jl.OmitEmpty)
	jl.Int(f, "slot", &x.Slot, jl.Keep)
}

func (x *RunStatus) Fields(f *jl.Fields) {
	x.Run.Fields(f) // embedded
	jl.Int(f, "total", &x.Total, jl.Keep)
	jl.Map(f, "counts", &x.Counts, jl.Keep, jl.IntValue[int]())
	jl.Bool(f, "done", &x.Done, jl.Keep)
	jl.Int(f, "pauseUntil", &x.PauseUntil, jl.OmitEmpty)
	jl.Slice(f, "chats", &x.Chats, jl.Keep, jl.ObjectValue[*RunChat]())
}

func (x *AcceptFriendBody) Fields(f *jl.Fields) {
	jl.Str(f, "id", &x.ID, jl.Keep)
	jl.Str(f, "account", &x.Account, jl.OmitEmpty)
	jl.Str(f, "greeting", &x.Greeting, jl.OmitEmpty)
	jl.Ptr(f, "request", &x.Request, jl.OmitEmpty)
}

func (x *FriendAccepted) Fields(f *jl.Fields) {
	jl.Str(f, "userName", &x.UserName, jl.Keep)
	jl.Str(f, "nickName", &x.NickName, jl.Keep)
	jl.Str(f, "greeting", &x.Greeting, jl.OmitEmpty)
}

func (x *FriendsView) Fields(f *jl.Fields) {
	jl.Struct(f, "config", &x.Config)
	jl.Slice(f, "requests", &x.Requests, jl.Keep, jl.ObjectValue[*friends.Request]())
}

func (x *ExportBody) Fields(f *jl.Fields) { jl.Str(f, "format", &x.Format, jl.Keep) }

func (x *Export) Fields(f *jl.Fields) {
	jl.Str(f, "name", &x.Name, jl.Keep)
	jl.Str(f, "type", &x.Type, jl.Keep)
	jl.Str(f, "text", &x.Text, jl.Keep)
	jl.Bytes(f, "data", &x.Data, jl.OmitEmpty)
}

func (x *ExportMessagesBody) Fields(f *jl.Fields) {
	jl.Str(f, "chat", &x.Chat, jl.Keep)
	jl.JSON(f, "from", &x.From, jl.OmitEmpty)
	jl.JSON(f, "to", &x.To, jl.OmitEmpty)
	jl.Str(f, "format", &x.Format, jl.Keep)
}

func (x *KeptChat) Fields(f *jl.Fields) {
	jl.Str(f, "chat", &x.Chat, jl.Keep)
	jl.Str(f, "name", &x.Name, jl.Keep)
	jl.Int(f, "count", &x.Count, jl.Keep)
	jl.Int(f, "first", &x.First, jl.Keep)
	jl.Int(f, "last", &x.Last, jl.Keep)
}
