package model

import (
	"strings"
	"testing"

	"github.com/wxdrop/wxdrop/wasm/msg"
)

func TestSettingsForm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		form     SettingsForm
		want     msg.Settings
		adjusted bool
		badField string
	}{
		{"as typed", SettingsForm{"10", "1", "7"}, msg.Settings{GraceMinutes: 10, SpacingMs: 1000, KeepDays: 7}, false, ""},
		{"half a second, spaces", SettingsForm{" 30 ", "0.5", "30"}, msg.Settings{GraceMinutes: 30, SpacingMs: 500, KeepDays: 30}, false, ""},
		{"decimals that are whole ms", SettingsForm{"1", "0.55", "1"}, msg.Settings{GraceMinutes: 1, SpacingMs: 550, KeepDays: 1}, false, ""},
		{"below the bounds", SettingsForm{"0", "0.1", "-3"}, msg.Settings{GraceMinutes: 1, SpacingMs: msg.MinSpacingMs, KeepDays: 1}, true, ""},
		{"above the bounds", SettingsForm{"99999", "600", "1000"}, msg.Settings{GraceMinutes: msg.MaxGraceMinutes, SpacingMs: msg.MaxSpacingMs, KeepDays: msg.MaxKeepDays}, true, ""},
		{"fractions of a minute and a day round", SettingsForm{"2.4", "1.0004", "1.5"}, msg.Settings{GraceMinutes: 2, SpacingMs: 1000, KeepDays: 2}, true, ""},
		{"empty grace", SettingsForm{"", "1", "7"}, msg.Settings{}, false, FieldGrace},
		{"spacing not a number", SettingsForm{"10", "1,5", "7"}, msg.Settings{}, false, FieldSpacing},
		{"keep infinite", SettingsForm{"10", "1", "Inf"}, msg.Settings{}, false, FieldKeep},
		{"NaN", SettingsForm{"NaN", "1", "1"}, msg.Settings{}, false, FieldGrace},
	}
	for _, tt := range tests {
		got, adjusted, err := tt.form.Settings()
		field := ""
		if err != nil {
			field = err.Field
		}
		if got != tt.want || adjusted != tt.adjusted || field != tt.badField {
			t.Errorf("%s: Settings() = %+v, adjusted %v, error %v; want %+v, %v, field %q", tt.name, got, adjusted, err, tt.want, tt.adjusted, tt.badField)
		}
	}
}

func TestFormOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s    msg.Settings
		want SettingsForm
	}{
		{msg.DefaultSettings(), SettingsForm{"10", "1", "7"}},
		{msg.Settings{GraceMinutes: 1440, SpacingMs: 500, KeepDays: 365}, SettingsForm{"1440", "0.5", "365"}},
		{msg.Settings{GraceMinutes: 5, SpacingMs: 1250, KeepDays: 1}, SettingsForm{"5", "1.25", "1"}},
	}
	for _, tt := range tests {
		f := FormOf(tt.s)
		if f != tt.want {
			t.Errorf("FormOf(%+v) = %+v, want %+v", tt.s, f, tt.want)
		}
		// What the page shows reads back as it was.
		if back, adjusted, err := f.Settings(); err != nil || adjusted || back != tt.s {
			t.Errorf("FormOf(%+v) reads back as %+v, %v, %v", tt.s, back, adjusted, err)
		}
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	f := func(id string, size int64) *msg.FileRef { return &msg.FileRef{ID: id, Size: size} }
	ob := msg.Outbox{Entries: map[string]msg.Entry{
		"q":  {State: msg.EntryQueued, Content: msg.Content{File: f("a", 100)}},
		"q2": {State: msg.EntryQueued, Content: msg.Content{File: f("a", 100)}}, // the next occurrence of a repeat: same file
		"u":  {State: msg.EntryUploading, Content: msg.Content{File: f("b", 20)}},
		"s":  {State: msg.EntrySending},
		"f":  {State: msg.EntryFailed, Content: msg.Content{File: f("c", 3)}},
		"m":  {State: msg.EntryMissed, Content: msg.Content{File: f("d", 4)}},
		"x":  {State: msg.EntryUncertain, Content: msg.Content{File: f("e", 5)}},
		"ok": {State: msg.EntrySent, Content: msg.Content{File: f("g", 1000)}},
		"c":  {State: msg.EntryCancelled, Content: msg.Content{File: f("h", 1000)}},
	}}
	got := UsageOf(ob)
	if want := (Usage{Pending: 4, FileBytes: 132}); got != want {
		t.Errorf("UsageOf = %+v, want %+v", got, want)
	}
	if got := UsageOf(msg.Outbox{}); got != (Usage{}) {
		t.Errorf("UsageOf(empty) = %+v", got)
	}
	en := translator(loadLocale(t, "en"))
	want := "In use: 4 of at most 500 waiting messages, 132 B of 2 GB of files. A text may be up to 16 KB."
	if s := UsageText(en, got); s != want {
		t.Errorf("UsageText = %q, want %q", s, want)
	}
	zh := translator(loadLocale(t, "zh_CN"))
	if s := UsageText(zh, got); !strings.Contains(s, "4 条") || strings.Contains(s, "$") {
		t.Errorf("zh_CN UsageText = %q", s)
	}
}
