package msg

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestFill(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		to   Recipient
		want string
	}{
		{"你好 {name}", Recipient{NickName: "阿三", RemarkName: "张三"}, "你好 张三"},
		{"你好 {name}", Recipient{NickName: "阿三"}, "你好 阿三"},
		{"{nick}/{name}/{nick}", Recipient{NickName: "n", RemarkName: "r"}, "n/r/n"},
		{"{name}", Recipient{NickName: "{nick}"}, "{nick}"},
		{"no placeholder {other}", Recipient{NickName: "n"}, "no placeholder {other}"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, Fill(tt.text, tt.to), tt.text)
	}
}

func TestRunBodyNormalized(t *testing.T) {
	t.Parallel()
	tests := []struct{ spacing, perHour, wantSpacing, wantPerHour int }{
		{0, 0, DefaultRunSpacingMs, DefaultRunPerHour},
		{200, 5, MinRunSpacingMs, 5},
		{-1, -1, MinRunSpacingMs, DefaultRunPerHour},
		{10 * MaxSpacingMs, 100, MaxSpacingMs, 100},
		{3000, MaxRunPerHour + 1, 3000, MaxRunPerHour},
	}
	for _, tt := range tests {
		got := RunBody{SpacingMs: tt.spacing, PerHour: tt.perHour}.Normalized()
		require.Equal(t, tt.wantSpacing, got.SpacingMs)
		require.Equal(t, tt.wantPerHour, got.PerHour)
	}
}

func TestStatusOfShowsTheLatestOccurrence(t *testing.T) {
	t.Parallel()
	rec := Outbox{Runs: map[string]Run{"r": {ID: "r"}}, Entries: map[string]Entry{
		"a1": {ID: "a1", Run: "r", RunSeq: 0, Slot: 1, State: EntrySent},
		"b1": {ID: "b1", Run: "r", RunSeq: 1, Slot: 1, State: EntryFailed, Error: &Error{Code: ErrServer}},
		"a2": {ID: "a2", Run: "r", RunSeq: 0, Slot: 2, State: EntryQueued},
		"b2": {ID: "b2", Run: "r", RunSeq: 1, Slot: 2, State: EntryCancelled},
		"x":  {ID: "x", Slot: 3, State: EntryQueued},
	}}
	st, ok := StatusOf(rec, "r")
	require.True(t, ok)
	require.Equal(t, 2, st.Total)
	require.Equal(t, []string{"a2", "b2"}, []string{st.Chats[0].Entry, st.Chats[1].Entry})
	require.Equal(t, map[RunResult]int{RunWaiting: 1, RunNotSent: 1}, st.Counts)
	require.False(t, st.Done)
	_, ok = StatusOf(rec, "none")
	require.False(t, ok)
}

// TestSharedUpload: a run's chat sends the run's upload only of its own
// file, in the login it was made in, while WeChat took it for others.
func TestSharedUpload(t *testing.T) {
	t.Parallel()
	up := &Upload{MediaID: "@m", Kind: "file", FileID: "f"}
	file := Entry{Content: Content{Kind: KindFile, File: &FileRef{ID: "f"}}}
	other := Entry{Content: Content{Kind: KindFile, File: &FileRef{ID: "g"}}}
	text := Entry{Content: Content{Kind: KindText, Text: "x"}}
	tests := []struct {
		name  string
		run   Run
		e     Entry
		login string
		ok    bool
	}{
		{"its file, its login", Run{Upload: up, UploadLogin: "@me"}, file, "@me", true},
		{"another login", Run{Upload: up, UploadLogin: "@me"}, file, "@me2", false},
		{"another file", Run{Upload: up, UploadLogin: "@me"}, other, "@me", false},
		{"a text", Run{Upload: up, UploadLogin: "@me"}, text, "@me", false},
		{"refused for another chat once", Run{Upload: up, UploadLogin: "@me", UploadPerChat: true}, file, "@me", false},
		{"nothing uploaded yet", Run{}, file, "", false},
	}
	for _, tt := range tests {
		got, ok := tt.run.SharedUpload(tt.e, tt.login)
		require.Equal(t, tt.ok, ok, tt.name)
		if ok {
			require.Equal(t, *up, *got, tt.name)
			require.NotSame(t, up, got, "a copy: %s", tt.name)
		}
	}
}
