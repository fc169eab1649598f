"""GDB/MI records as gdb 13 writes them, parsed."""
from kiln.debugger.native_tier.mi import MIRecord, c_quote, parse_record


def check(line: str, expected: MIRecord) -> None:
    assert parse_record(line) == expected


def test_result_records():
    check('5^done,bkpt={number="1",type="breakpoint",addr="<PENDING>",thread-groups=["i1"]}',
          MIRecord("result", 5, "done", {"bkpt": {"number": "1", "type": "breakpoint", "addr": "<PENDING>",
                                                   "thread-groups": ["i1"]}}))
    check('12^error,msg="No symbol \\"x\\" in current context."',
          MIRecord("result", 12, "error", {"msg": 'No symbol "x" in current context.'}))
    check("3^running", MIRecord("result", 3, "running", {}))


def test_async_records_with_lists_of_results():
    check('*stopped,reason="breakpoint-hit",frame={addr="0x1",args=[{name="n",value="26"}]},'
          'thread-id="1",stopped-threads=["1"]',
          MIRecord("exec", None, "stopped", {"reason": "breakpoint-hit",
                                            "frame": {"addr": "0x1", "args": [{"name": "n", "value": "26"}]},
                                            "thread-id": "1", "stopped-threads": ["1"]}))
    check('9^done,stack=[frame={level="0"},frame={level="1"}]',
          MIRecord("result", 9, "done", {"stack": [{"level": "0"}, {"level": "1"}]}))
    check('=thread-group-added,id="i1"', MIRecord("notify", None, "thread-group-added", {"id": "i1"}))


def test_stream_records_and_escapes():
    check('~"17\\t    var v = \\"a\\"\\n"', MIRecord("console", text='17\t    var v = "a"\n'))
    check('&"caf\\303\\251\\n"', MIRecord("log", text="café\n"))
    check("(gdb) ", MIRecord("prompt"))


def test_quoting_arguments():
    assert c_quote('a "b"\\c') == '"a \\"b\\"\\\\c"'
    assert parse_record("~" + c_quote("x = 1\n")).text == "x = 1\n"
