package msg

// Detail names the words of an error's detail that wxdrop says itself
// (what a call does not take, why the page's file could not be kept):
// their key in _locales is "detail_" and it, so a person reads them in
// their language. They were English signatures, inside the Chinese
// sentence of a Chinese person's page API. The words are written once,
// in messages.json; TestDetailsInBothLanguages fails on a Detail without
// words in a locale, and TestNoDetailInEnglishOnly on a BAD_REQUEST made
// with words of its own.
type Detail string

// The details of BAD_REQUEST said by the Go. An "arg" one has a place
// ($ARG$) for what Err is given.
const (
	BadNoContext           Detail = "no_context" // arg
	BadRunChats            Detail = "run_chats"  // arg
	BadRunID               Detail = "run_id"
	BadAddTo               Detail = "add_to"
	BadRecipientNames      Detail = "recipient_names"
	BadSource              Detail = "source"
	BadMediaID             Detail = "media_id"
	BadStickerAlone        Detail = "sticker_alone"
	BadRepeat              Detail = "repeat"
	BadEntryID             Detail = "entry_id"
	BadFileIDName          Detail = "file_id_name"
	BadEditTextOnly        Detail = "edit_text_only"
	BadTokenSize           Detail = "token_size"
	BadStoredSize          Detail = "stored_size"
	BadShape               Detail = "shape"      // arg
	BadManyChats           Detail = "many_chats" // arg
	BadTooManyMessages     Detail = "too_many_messages"
	BadToEmpty             Detail = "to_empty"
	BadStickerGIF          Detail = "sticker_gif"
	BadFileName            Detail = "file_name" // arg
	BadFileNameLong        Detail = "file_name_long"
	BadMenuClick           Detail = "menu_click"
	BadMenuItem            Detail = "menu_item" // arg
	BadCommand             Detail = "command"
	BadNotMessage          Detail = "not_message"
	BadUnknownMessage      Detail = "unknown_message" // arg
	BadPageSession         Detail = "page_session"
	BadDownloadFile        Detail = "download_file"
	BadStickerMD5          Detail = "sticker_md5"
	BadOutcomeEntry        Detail = "outcome_entry"
	BadPageNoLogin         Detail = "page_no_login"
	BadPageSessionLarge    Detail = "page_session_large"
	BadUsageMe             Detail = "usage_me"
	BadUsageContacts       Detail = "usage_contacts"
	BadUsageSendText       Detail = "usage_sendText"
	BadUsageSendFile       Detail = "usage_sendFile"
	BadUsageSendEmoticon   Detail = "usage_sendEmoticon"
	BadUsageSchedule       Detail = "usage_schedule"
	BadUsageScheduled      Detail = "usage_scheduled"
	BadUsageCancel         Detail = "usage_cancel"
	BadUsageSendMany       Detail = "usage_sendMany"
	BadUsageRun            Detail = "usage_run"
	BadUsageRevoke         Detail = "usage_revoke"
	BadUsageAcceptFriend   Detail = "usage_acceptFriend"
	BadUsageExportContacts Detail = "usage_exportContacts"
	BadUsageExportMessages Detail = "usage_exportMessages"
	BadUsageDownloadFile   Detail = "usage_downloadFile"
	BadUsageOutcome        Detail = "usage_outcome"
)

// Err is the BAD_REQUEST error of d, arg its place's filling (a name, a
// number). The Detail is the filling and Words d: whoever shows it puts
// it in words (Text, or core's answers in the browser's language).
func (d Detail) Err(arg ...string) *Error {
	e := &Error{Code: ErrBadRequest, Words: d}
	if len(arg) > 0 {
		e.Detail = arg[0]
	}
	return e
}

// Key is the _locales key of d's words.
func (d Detail) Key() string { return "detail_" + string(d) }
