package model

import (
	"cmp"
	"encoding/json"
	"slices"

	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/search"
)

// ParseJobs reads the jobs record of storage.session (msg.JobsKey: a map
// of Job by ID, as JSON text) and returns the jobs newest first. An empty
// text is no jobs.
func ParseJobs(text string) ([]msg.Job, error) {
	if text == "" {
		return nil, nil
	}
	var m map[string]msg.Job
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		return nil, err
	}
	jobs := make([]msg.Job, 0, len(m))
	for id, j := range m {
		if j.ID == "" {
			j.ID = id
		}
		jobs = append(jobs, j)
	}
	SortJobs(jobs)
	return jobs, nil
}

// SortJobs orders jobs newest first; the ID breaks ties so that the list
// does not shuffle between renders.
func SortJobs(jobs []msg.Job) {
	slices.SortFunc(jobs, func(a, b msg.Job) int {
		return cmp.Or(cmp.Compare(b.Created, a.Created), cmp.Compare(b.ID, a.ID))
	})
}

// AnyFinished reports whether "clear finished" has something to clear.
func AnyFinished(jobs []msg.Job) bool {
	for _, j := range jobs {
		if j.Finished() {
			return true
		}
	}
	return false
}

// JobView is what a job's row shows.
type JobView struct {
	ID    string
	State string // data-state: the Job's State
	// Kind is the localized kind: Text, Image, Video, File...
	Kind string
	// Title is the file name, or the start of the text.
	Title string
	// To is the chat's name.
	To string
	// Progress is shown while uploading: Done of Size bytes.
	Progress   bool
	Done, Size int64
	// Result is the outcome or the current step, localized.
	Result string
	// Failed marks results a person must act on (failed, uncertain).
	Failed bool
}

// maxTitle bounds a text job's title in runes.
const maxTitle = 60

// ViewJob is the row of a job.
func ViewJob(t Translator, j msg.Job) JobView {
	v := JobView{ID: j.ID, State: string(j.State), To: search.Clean(j.ToName), Size: j.Size, Done: min(max(j.Done, 0), j.Size)}
	if v.To == "" {
		v.To = j.To
	}
	kind := j.Kind
	if kind == "" {
		kind = "file"
	}
	switch kind {
	case "text", "image", "video", "emoticon", "file":
		v.Kind = t("kind_" + kind)
	default:
		v.Kind = kind
	}
	v.Title = j.Name
	if v.Title == "" {
		v.Title = Snippet(j.Text, maxTitle)
	}
	switch j.State {
	case msg.JobQueued:
		v.Result = t("job_queued")
	case msg.JobUploading:
		v.Progress = j.Size > 0
		v.Result = t("job_uploading", FormatSize(v.Done), FormatSize(j.Size))
	case msg.JobSending:
		v.Result = t("job_sending")
	case msg.JobSent:
		v.Result = t("job_sent")
	case msg.JobFailed, msg.JobUncertain:
		v.Failed = true
		e := j.Error
		if e == nil {
			// A job is uncertain exactly when the send may have gone out.
			e = &msg.Error{Code: msg.ErrUncertain}
			if j.State == msg.JobFailed {
				e = Internal("failed without a reason")
			}
		}
		v.Result = ErrorText(t, e)
	default:
		v.Result = string(j.State)
	}
	return v
}

// Snippet is the first line of s, cut to n runes with an ellipsis.
func Snippet(s string, n int) string {
	for i, r := range s {
		if r == '\n' || r == '\r' {
			s = s[:i] + "…"
			break
		}
	}
	k := 0
	for i := range s {
		if k == n {
			return s[:i] + "…"
		}
		k++
	}
	return s
}
