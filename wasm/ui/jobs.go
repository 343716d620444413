//go:build js && wasm

package ui

import (
	"context"
	"encoding/json"
	"strconv"
	"syscall/js"

	"github.com/wxdrop/wxdrop/wasm/jsx"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/ui/model"
	"honnef.co/go/js/dom/v2"
)

// jobsView is #jobs: the sends of this browser session, newest first,
// followed through storage.session so that it is right whenever the
// popup opens and while it stays open.
type jobsView struct {
	p       *page
	section js.Value
	list    js.Value
	clear   js.Value
	rows    map[string]*jobRow
	// known is set once the record was shown from a change: the first
	// read, if it comes back later, is older.
	known bool
}

// jobRow is one li.job, kept by job id across renders.
type jobRow struct {
	li, kind, title, to, progress, result js.Value
}

func newJobsView(p *page) *jobsView {
	v := &jobsView{p: p, section: raw(p.byID("jobs-section")), list: raw(p.byID("jobs")), clear: raw(p.byID("clear-jobs")), rows: map[string]*jobRow{}}
	p.byID("clear-jobs").AddEventListener("click", false, func(dom.Event) {
		go func() {
			if e := request(msg.ClearJobs, nil, nil); e != nil {
				p.err.show(e)
			}
		}()
	})
	return v
}

// load shows the stored jobs.
func (v *jobsView) load() {
	var text json.RawMessage
	found, err := jsx.StorageGet(context.Background(), jsx.Session, msg.JobsKey, &text)
	if err != nil || !found || v.known {
		return
	}
	v.renderJSON(string(text))
}

// renderJSON shows the jobs record's JSON text ("" when removed).
func (v *jobsView) renderJSON(text string) {
	jobs, err := model.ParseJobs(text)
	if err != nil {
		v.p.err.show(model.Internal("reading the jobs: " + err.Error()))
		return
	}
	v.render(jobs)
}

func (v *jobsView) render(jobs []msg.Job) {
	seen := make(map[string]bool, len(jobs))
	for _, j := range jobs {
		seen[j.ID] = true
		r := v.rows[j.ID]
		if r == nil {
			r = v.newRow(j.ID)
			v.rows[j.ID] = r
		}
		v.fill(r, model.ViewJob(tr, j))
		// appendChild moves a row that is already in: the list ends in
		// the order of jobs.
		v.list.Call("appendChild", r.li)
	}
	for id, r := range v.rows {
		if !seen[id] {
			r.li.Call("remove")
			delete(v.rows, id)
		}
	}
	setHidden(v.section, len(jobs) == 0)
	setHidden(v.clear, !model.AnyFinished(jobs))
}

func (v *jobsView) newRow(id string) *jobRow {
	r := &jobRow{li: v.p.create("li", "job")}
	r.li.Call("setAttribute", "data-id", id)
	head := v.p.create("div", "job-head")
	r.kind = v.p.create("span", "kind")
	r.title = v.p.create("span", "title")
	r.to = v.p.create("span", "job-to")
	head.Call("append", r.kind, r.title, r.to)
	r.result = v.p.create("div", "result")
	r.li.Call("append", head, r.result)
	return r
}

func (v *jobsView) fill(r *jobRow, jv model.JobView) {
	if r.li.Call("getAttribute", "data-state").String() != jv.State {
		r.li.Call("setAttribute", "data-state", jv.State)
	}
	setText(r.kind, jv.Kind)
	setText(r.title, jv.Title)
	r.title.Set("title", jv.Title)
	setText(r.to, "→ "+jv.To)
	setText(r.result, jv.Result)
	r.result.Get("classList").Call("toggle", "failed", jv.Failed)
	// The <progress> is there only while uploading (the tests look for it).
	if jv.Progress {
		if r.progress.IsUndefined() {
			r.progress = v.p.create("progress", "")
			r.li.Call("insertBefore", r.progress, r.result)
		}
		r.progress.Set("max", float64(jv.Size))
		r.progress.Set("value", float64(jv.Done))
		r.progress.Call("setAttribute", "aria-label", strconv.FormatInt(jv.Done*100/max(jv.Size, 1), 10)+"%")
	} else if !r.progress.IsUndefined() {
		r.progress.Call("remove")
		r.progress = js.Undefined()
	}
}
