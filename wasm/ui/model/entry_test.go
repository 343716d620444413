package model

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

// fakeWhen writes a time as "@<minutes>", so that the tests show which
// instant a text names.
func fakeWhen(ms int64) string { return "@" + strconv.FormatInt(ms/60_000, 10) }

func TestViewEntry(t *testing.T) {
	t.Parallel()
	env := RowEnv{T: translator(loadLocale(t, "en")), When: fakeWhen, GraceMinutes: 15, Account: "a2",
		Accounts: []msg.AccountInfo{{ID: "a1", NickName: "工作号\u202e", Host: "wx.qq.com", Status: msg.SessionLoggedOut}, {ID: "a2", NickName: "第二个号", Host: "web.wechat.com", Status: msg.SessionReady}}}
	zhang := msg.Recipient{UserName: "@zs", NickName: "张三", RemarkName: "老张"}
	file := &msg.FileRef{ID: "f", Name: "a.png", Size: 3 << 20}
	edit := Action{Name: ActEdit, Label: "Edit"}
	now := Action{Name: ActSendNow, Label: "Send now"}
	cancel := Action{Name: ActCancel, Label: "Cancel"}
	again := Action{Name: ActSendNow, Label: "Send again"}
	const min = 60_000
	tests := []struct {
		name string
		e    msg.Entry
		p    *msg.Progress
		want EntryView
	}{
		{"scheduled text, repeating",
			msg.Entry{ID: "1", To: zhang, Content: msg.Content{Kind: "text", Text: "早上好\nsecond line"}, Scheduled: true, Due: 480 * min, Repeat: msg.RepeatWeekdays, State: msg.EntryQueued},
			nil,
			EntryView{ID: "1", State: "queued", Kind: "Text", Title: "早上好…", To: "老张", When: "@480 · Weekdays (Mon–Fri)", Actions: []Action{edit, now, cancel}}},
		{"scheduled file waiting for a login: due plus grace",
			msg.Entry{ID: "2", To: msg.Recipient{UserName: "@g", NickName: "<b>家人</b>"}, Content: msg.Content{Kind: "file", File: file}, Scheduled: true, Due: 480 * min, State: msg.EntryQueued, Waiting: msg.ErrLoggedOut},
			nil,
			EntryView{ID: "2", State: "queued", Kind: "File", Title: "a.png", To: "家人", When: "@480", Tone: ToneWarn,
				Result: "Waiting for a login: log in to web WeChat before @495 and it is sent.", Actions: []Action{edit, now, cancel}}},
		{"send of now waiting: too frequent",
			msg.Entry{ID: "3", To: zhang, Content: msg.Content{Kind: "text", Text: "hi"}, State: msg.EntryQueued, Waiting: msg.ErrTooFrequent},
			nil,
			EntryView{ID: "3", State: "queued", Kind: "Text", Title: "hi", To: "老张", Tone: ToneWarn,
				Result: "Paused: WeChat says you are sending too often. wxdrop tries again by itself.", Actions: []Action{edit, now, cancel}}},
		{"send of now waiting for its turn",
			msg.Entry{ID: "4", To: msg.Recipient{UserName: "@u"}, Content: msg.Content{Kind: "text", Text: "hi"}, State: msg.EntryQueued},
			nil,
			EntryView{ID: "4", State: "queued", Kind: "Text", Title: "hi", To: "@u", Result: "Waiting…", Actions: []Action{cancel}}},
		{"waiting for another reason",
			msg.Entry{ID: "5", Content: msg.Content{Kind: "text"}, State: msg.EntryQueued, Waiting: msg.ErrNetwork},
			nil,
			EntryView{ID: "5", State: "queued", Kind: "Text", Tone: ToneWarn, Result: "Web WeChat cannot be reached. wxdrop tries again by itself.", Actions: []Action{edit, now, cancel}}},
		{"uploading with progress",
			msg.Entry{ID: "6", To: zhang, Content: msg.Content{Kind: "image", File: file}, State: msg.EntryUploading},
			&msg.Progress{Done: 1 << 20, Size: 3 << 20},
			EntryView{ID: "6", State: "uploading", Kind: "Image", Title: "a.png", To: "老张", Progress: true, Done: 1 << 20, Size: 3 << 20, Result: "Uploading 1 MB of 3 MB"}},
		{"uploading before any progress; done beyond size is clamped",
			msg.Entry{ID: "7", Content: msg.Content{Kind: "file", File: &msg.FileRef{Name: "b", Size: 10}}, State: msg.EntryUploading},
			&msg.Progress{Done: 20},
			EntryView{ID: "7", State: "uploading", Kind: "File", Title: "b", Progress: true, Done: 10, Size: 10, Result: "Uploading 10 B of 10 B"}},
		{"downloading a file sent from a page, its size said",
			msg.Entry{ID: "6b", To: zhang, Content: msg.Content{Kind: "file", Source: &msg.Source{URL: "https://a.b/r.pdf", As: "link"}}, State: msg.EntryUploading},
			&msg.Progress{Size: 3 << 20, Fetching: true},
			EntryView{ID: "6b", State: "uploading", Kind: "File", Title: "https://a.b/r.pdf", To: "老张", Done: 0, Size: 3 << 20, Result: "Downloading 3 MB from the site…"}},
		{"downloading a file sent from a page, its bytes coming",
			msg.Entry{ID: "6d", To: zhang, Content: msg.Content{Kind: "file", Source: &msg.Source{URL: "https://a.b/r.pdf", As: "link"}}, State: msg.EntryUploading},
			&msg.Progress{Done: 1 << 20, Size: 3 << 20, Fetching: true},
			EntryView{ID: "6d", State: "uploading", Kind: "File", Title: "https://a.b/r.pdf", To: "老张", Progress: true, Done: 1 << 20, Size: 3 << 20, Result: "Downloading from the site: 1 MB of 3 MB"}},
		{"downloading, no size said",
			msg.Entry{ID: "6c", Content: msg.Content{Kind: "file", Source: &msg.Source{URL: "https://a.b/x", As: "image"}}, State: msg.EntryUploading},
			&msg.Progress{Size: -1, Fetching: true},
			EntryView{ID: "6c", State: "uploading", Kind: "File", Title: "https://a.b/x", Result: "Downloading from the site…"}},
		{"sending", msg.Entry{ID: "8", Content: msg.Content{Kind: "video", File: &msg.FileRef{Name: "v.mp4"}}, State: msg.EntrySending}, nil,
			EntryView{ID: "8", State: "sending", Kind: "Video", Title: "v.mp4", Result: "Sending…"}},
		{"sent, a scheduled one", msg.Entry{ID: "9", Content: msg.Content{Kind: "text", Text: "x"}, Scheduled: true, Due: 60 * min, State: msg.EntrySent, Done: 61 * min}, nil,
			EntryView{ID: "9", State: "sent", Kind: "Text", Title: "x", Result: "Sent at @61", Tone: ToneOK}},
		{"sent without a time", msg.Entry{ID: "10", Content: msg.Content{Kind: "emoticon", File: &msg.FileRef{Name: "e.gif"}}, State: msg.EntrySent}, nil,
			EntryView{ID: "10", State: "sent", Kind: "Sticker", Title: "e.gif", Result: "Sent", Tone: ToneOK}},
		{"failed", msg.Entry{ID: "11", Content: msg.Content{Kind: "file", File: &msg.FileRef{Name: "x"}}, State: msg.EntryFailed, Error: &msg.Error{Code: msg.ErrAmbiguous, Detail: "张三"}}, nil,
			EntryView{ID: "11", State: "failed", Kind: "File", Title: "x", Tone: ToneBad,
				Result: "More than one chat is called “张三”. Nothing was sent: pick the chat again from the list.", Actions: []Action{again}}},
		{"uncertain without an error: the button warns of a second copy", msg.Entry{ID: "12", Content: msg.Content{Kind: "text", Text: "t"}, State: msg.EntryUncertain}, nil,
			EntryView{ID: "12", State: "uncertain", Kind: "Text", Title: "t", Tone: ToneWarn,
				Result:  "The message may already have been sent. Check the chat in web WeChat before sending it again.",
				Actions: []Action{{Name: ActSendNow, Label: "Send again anyway", Hint: "The first one may have arrived: the chat may get it twice."}}}},
		{"missed without an error", msg.Entry{ID: "13", Content: msg.Content{Kind: "text", Text: "t"}, Scheduled: true, Due: 0, Repeat: msg.RepeatDaily, State: msg.EntryMissed}, nil,
			EntryView{ID: "13", State: "missed", Kind: "Text", Title: "t", When: "@0 · Every day", Tone: ToneWarn,
				Result:  "Its time passed while it could not be sent (web WeChat logged out or the browser closed). It was not sent: send it now if you still want to.",
				Actions: []Action{again}}},
		{"cancelled", msg.Entry{ID: "14", Content: msg.Content{Kind: "text", Text: "t"}, State: msg.EntryCancelled}, nil,
			EntryView{ID: "14", State: "cancelled", Kind: "Text", Title: "t", Result: "Cancelled"}},
		{"another account's, waiting for its login: it says whose",
			msg.Entry{ID: "16", To: zhang, Account: "a1", Content: msg.Content{Kind: "text", Text: "t"}, Scheduled: true, Due: 480 * min, State: msg.EntryQueued, Waiting: msg.ErrLoggedOut},
			nil,
			EntryView{ID: "16", State: "queued", Kind: "Text", Title: "t", To: "老张", From: "From wx.qq.com as 工作号", When: "@480", Tone: ToneWarn,
				Result: "Waiting for a login: log in to web WeChat before @495 and it is sent.", Actions: []Action{edit, now, cancel}}},
		{"the shown account's: no name",
			msg.Entry{ID: "17", To: zhang, Account: "a2", Content: msg.Content{Kind: "text", Text: "t"}, State: msg.EntryCancelled},
			nil,
			EntryView{ID: "17", State: "cancelled", Kind: "Text", Title: "t", To: "老张", Result: "Cancelled"}},
		{"an account no tab has shown: no name",
			msg.Entry{ID: "18", To: zhang, Account: "gone", Content: msg.Content{Kind: "text", Text: "t"}, State: msg.EntryCancelled},
			nil,
			EntryView{ID: "18", State: "cancelled", Kind: "Text", Title: "t", To: "老张", Result: "Cancelled"}},
		{"a state and kind of a newer worker show as they are", msg.Entry{ID: "15", Content: msg.Content{Kind: "link"}, State: "held"}, nil,
			EntryView{ID: "15", State: "held", Kind: "link", Result: "held"}},
	}
	for _, tt := range tests {
		if got := ViewEntry(env, tt.e, tt.p); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

// TestEntryTextsLocalized: every text a row can show exists in both
// locales, with its placeholders filled.
func TestEntryTextsLocalized(t *testing.T) {
	t.Parallel()
	states := []msg.EntryState{msg.EntryQueued, msg.EntryUploading, msg.EntrySending, msg.EntrySent, msg.EntryFailed, msg.EntryUncertain, msg.EntryMissed, msg.EntryCancelled}
	waits := []msg.Code{"", msg.ErrLoggedOut, msg.ErrTooFrequent, msg.ErrNetwork, msg.ErrServer}
	for _, loc := range []string{"en", "zh_CN"} {
		tr := translator(loadLocale(t, loc))
		env := RowEnv{T: tr, When: fakeWhen}
		check := func(what, s string) {
			if s == "" || strings.Contains(s, "$") {
				t.Errorf("%s: %s reads %q", loc, what, s)
			}
		}
		for _, st := range states {
			for _, w := range waits {
				for _, r := range Repeats {
					v := ViewEntry(env, msg.Entry{ID: "x", Content: msg.Content{Kind: "text", Text: "t"}, Scheduled: true, Repeat: r, Done: 1, State: st, Waiting: w}, &msg.Progress{Done: 1, Size: 2})
					// A scheduled entry waiting for its time says it in When.
					if st != msg.EntryQueued || w != "" {
						check(string(st)+" "+string(w)+" "+string(r)+" result", v.Result)
					}
					if st != msg.EntrySent {
						check(string(st)+" when", v.When)
					}
					for _, a := range v.Actions {
						check(string(st)+" action "+a.Name, a.Label)
					}
				}
			}
		}
		check("the account of another's entry", fromText(RowEnv{T: tr, Accounts: []msg.AccountInfo{{ID: "a", NickName: "n", Host: "h"}}}, msg.Entry{Account: "a"}))
		for _, r := range Repeats {
			check("repeat "+string(r), RepeatText(tr, r))
		}
		for _, k := range []msg.EntryKind{msg.KindText, msg.KindImage, msg.KindVideo, msg.KindEmoticon, msg.KindFile} {
			check("kind "+string(k), KindText(tr, k))
		}
	}
}

func TestParseRepeat(t *testing.T) {
	t.Parallel()
	for _, r := range Repeats {
		if got := ParseRepeat(string(r)); got != r {
			t.Errorf("ParseRepeat(%q) = %q", r, got)
		}
	}
	if got := ParseRepeat("hourly"); got != msg.RepeatNone {
		t.Errorf("ParseRepeat(hourly) = %q, want none", got)
	}
}

// TestViewRun: a scheduled run is one row: its first message, its time,
// how many chats, and one Cancel for all of them.
func TestViewRun(t *testing.T) {
	t.Parallel()
	env := RowEnv{T: translator(loadLocale(t, "en")), When: fakeWhen}
	stop := Action{Name: ActStopRun, Label: "Cancel", Hint: "Cancels it for every chat of the run"}
	const min = 60_000
	zhang := msg.Recipient{UserName: "@zs", NickName: "张三"}
	tests := []struct {
		name  string
		e     msg.Entry
		chats int
		want  EntryView
	}{
		{"a daily run's text",
			msg.Entry{ID: "1", To: zhang, Content: msg.Content{Kind: "text", Text: "早安"}, Scheduled: true, Due: 480 * min, Repeat: msg.RepeatDaily, State: msg.EntryQueued, Run: "r"},
			30,
			EntryView{ID: "1", State: "queued", Kind: "Text", Title: "早安", To: "30 chats (send to many)", When: "@480 · Every day", Actions: []Action{stop}}},
		{"a run of a file alone, waiting for a login",
			msg.Entry{ID: "2", To: zhang, Content: msg.Content{Kind: "file", File: &msg.FileRef{ID: "f", Name: "周报.pdf", Size: 9}}, Scheduled: true, Due: 480 * min, State: msg.EntryQueued, Waiting: msg.ErrLoggedOut, Run: "r"},
			2,
			EntryView{ID: "2", State: "queued", Kind: "File", Title: "周报.pdf", To: "2 chats (send to many)", When: "@480", Tone: ToneWarn,
				Result: "Waiting for a login: log in to web WeChat before @490 and it is sent.", Actions: []Action{stop}}},
	}
	for _, tt := range tests {
		if got := ViewRun(env, tt.e, tt.chats); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

// TestEditPickOfAnotherAccount: a chat picked while editing an entry of
// another account than the popup shows is refused in words that name
// that account; an entry of the shown account, of no account (made
// before accounts were told apart) or of one no tab has shown takes it.
func TestEditPickOfAnotherAccount(t *testing.T) {
	t.Parallel()
	accounts := []msg.AccountInfo{{ID: "a1", NickName: "工作号", Host: "wx.qq.com"}, {ID: "a2", NickName: "第二个号", Host: "web.wechat.com"}}
	for _, loc := range []struct{ name, want string }{
		{"en", "This message goes from wx.qq.com as 工作号, and its chat must be one of that account's"},
		{"zh_CN", "这条消息的发送账号（wx.qq.com）：工作号。"},
	} {
		tr := translator(loadLocale(t, loc.name))
		for _, tt := range []struct {
			account, shown string
			refused        bool
		}{
			{"a1", "a2", true},
			{"a2", "a2", false},
			{"", "a2", false},
			{"gone", "a2", false},
		} {
			got := EditPickOfAnotherAccount(tr, msg.Entry{Account: tt.account}, tt.shown, accounts)
			if tt.refused != (got != "") || (tt.refused && !strings.HasPrefix(got, loc.want)) {
				t.Errorf("%s: an entry of %q with %q shown: %q", loc.name, tt.account, tt.shown, got)
			}
		}
	}
}
