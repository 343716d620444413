package model

import "github.com/wxdrop/wxdrop/wasm/msg"

// DecodeState reads the JSON of msg.State, as the worker stores it under
// msg.StateKey, with DecodeContacts' scanner: the popup reads it as it
// opens, and encoding/json's first call there (its field tables built by
// reflection, its code run for the first time) held up the contacts'
// render that the same thread had to do. Anything the scanner does not
// read goes to encoding/json, so the result is always what encoding/json
// gives (FuzzDecodeState checks it).
func DecodeState(text string) (msg.State, error) {
	return decode[*msg.State](text, (*decoder).state)
}

// state reads the top-level object.
func (d *decoder) state() (msg.State, error) {
	var st msg.State
	err := d.object(func(key string) error {
		var err error
		var s string
		switch key {
		case "status":
			s, err = d.str()
			st.Status = msg.SessionStatus(s)
		case "host":
			st.Host, err = d.str()
		case "userName":
			st.UserName, err = d.str()
		case "nickName":
			st.NickName, err = d.str()
		case "headImgUrl":
			st.HeadImgURL, err = d.str()
		case "account":
			st.Account, err = d.str()
		case "accounts":
			st.Accounts, err = d.accounts()
		default:
			err = errShape
		}
		return err
	})
	if err != nil {
		return msg.State{}, err
	}
	return st, nil
}

// accounts reads State.Accounts: null or an array of objects.
func (d *decoder) accounts() ([]msg.AccountInfo, error) {
	if d.literal("null") {
		return nil, nil
	}
	if !d.byte('[') {
		return nil, errShape
	}
	as := []msg.AccountInfo{}
	if d.byte(']') {
		return as, nil
	}
	for {
		var a msg.AccountInfo
		err := d.object(func(key string) error {
			var err error
			var s string
			switch key {
			case "id":
				a.ID, err = d.str()
			case "nickName":
				a.NickName, err = d.str()
			case "host":
				a.Host, err = d.str()
			case "status":
				s, err = d.str()
				a.Status = msg.SessionStatus(s)
			default:
				err = errShape
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		as = append(as, a)
		if d.byte(',') {
			continue
		}
		if d.byte(']') {
			return as, nil
		}
		return nil, errShape
	}
}
