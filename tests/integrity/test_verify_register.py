"""`kancelaria verify-register` finds what was changed behind the application's back.

Rules: DOMAIN.md 2 (numbers are unique and have no gaps; the register is never changed
behind a registered entry's back) and 11 (integrity checked, unauthorised changes
found). Every tampering here is raw SQL, with the append-only triggers disabled as an
attacker with DBA rights would; the tests run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json

import pytest
from django.db import DatabaseError, connection, transaction

from kancelaria.registry.models import CaseFile, Entry, RegisterRecord
from kancelaria.registry.services import entry_correct

from .conftest import register_triggers_disable, run_command, sql

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


def record(code: str, position: int) -> RegisterRecord:
    return RegisterRecord.objects.get(index__code=code, position=position)


class TestIntactRegister:
    def test_intact_register_exits_zero_and_prints_the_chain_heads(self, register):
        """Given a register written only through the services,
        when verify-register runs,
        then it exits 0, counts every record and index, and prints each index's head."""
        code, output = run_command("verify_register")

        assert code == 0, output
        assert "register intact: 6 records in 2 indexes" in output
        head_94 = record("94-00", 5).hash
        head_70 = record("70-00", 1).hash
        assert head_94 in output and head_70 in output

    def test_one_index_can_be_checked_alone(self, register):
        """Given two indexes, when --index 70-00 is given, then only that index is read."""
        code, output = run_command("verify_register", "--index", "70-00")

        assert code == 0, output
        assert "register intact: 1 records in 1 index" in output
        assert record("94-00", 5).hash not in output

    def test_unknown_index_is_a_clear_error(self, register):
        """Given no index XX-99, when it is asked for, then the command says so (no traceback)."""
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="unknown index: XX-99"):
            run_command("verify_register", "--index", "XX-99")


class TestAppendOnly:
    def test_the_database_refuses_update_and_delete_of_a_record(self, register):
        """Given the append-only triggers (migration registry 0002),
        when a plain UPDATE or DELETE is sent to the register table,
        then the database itself refuses it."""
        target = record("94-00", 2)
        for statement in ("UPDATE registry_registerrecord SET payload = 'x' WHERE id = %s",
                          "DELETE FROM registry_registerrecord WHERE id = %s"):
            with pytest.raises(DatabaseError, match="append-only"):
                with transaction.atomic():
                    sql(statement, [target.pk])
        assert RegisterRecord.objects.get(pk=target.pk).payload == target.payload


class TestTampering:
    def test_edited_record_payload_is_found(self, register):
        """Given the triggers disabled, when the payload of record 2 of 94-00 is edited
        (its subject rewritten), then verify-register exits 1 naming record 2."""
        register_triggers_disable()
        target = record("94-00", 2)
        payload = json.loads(target.payload)
        payload["entry"]["subject"] = "Нещо съвсем друго"
        changed = sql("UPDATE registry_registerrecord SET payload = %s WHERE id = %s",
                      [json.dumps(payload, ensure_ascii=False), target.pk])
        assert changed == 1

        code, output = run_command("verify_register")

        assert code == 1
        assert "[94-00] record 2:" in output
        assert "the record was edited" in output
        assert "[70-00]" not in output

    def test_record_deleted_in_the_middle_is_found(self, register):
        """Given the triggers disabled, when record 3 of 94-00 is deleted,
        then verify-register exits 1 and names record 3 as missing."""
        register_triggers_disable()
        assert sql("DELETE FROM registry_registerrecord WHERE id = %s", [record("94-00", 3).pk]) == 1

        code, output = run_command("verify_register")

        assert code == 1
        assert "[94-00] record 3: missing" in output

    def test_last_records_deleted_are_found(self, register):
        """Given the triggers disabled, when the last two records of 94-00 are deleted
        (a gap at the end is invisible inside the chain), then the chain head betrays it:
        exit 1, naming record 4 as the first one missing."""
        register_triggers_disable()
        ids = [record("94-00", 4).pk, record("94-00", 5).pk]
        assert sql("DELETE FROM registry_registerrecord WHERE id IN (%s, %s)", ids) == 2

        code, output = run_command("verify_register")

        assert code == 1
        assert "[94-00] record 4:" in output
        assert "records at the end were deleted" in output

    def test_entry_subject_edited_in_the_entries_table_is_found(self, register):
        """Given an entry whose subject is rewritten in the entries table (the register
        records untouched), then verify-register exits 1 naming the entry, its record
        and the field."""
        entry = register[1]
        assert sql("UPDATE registry_entry SET subject = %s WHERE id = %s", ["Подменено", entry.pk]) == 1

        code, output = run_command("verify_register")

        assert code == 1
        assert f"entry {entry.number} (record 2): differs from the register in: subject" in output

    def test_entry_inserted_without_a_record_is_found(self, register):
        """Given an entry row inserted with SQL (no register record), then
        verify-register exits 1 naming that entry."""
        source = Entry.objects.get(pk=register[0].pk)
        columns, values = [], []
        overrides = {"ordinal": 2, "number": source.number.replace("/", "-[2]/", 1)}
        for field in Entry._meta.concrete_fields:
            if field.primary_key:
                continue
            value = overrides.get(field.attname, getattr(source, field.attname))
            columns.append(connection.ops.quote_name(field.column))
            values.append(field.get_db_prep_save(value, connection))
        sql(f"INSERT INTO registry_entry ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(values))})",
            values)

        code, output = run_command("verify_register")

        assert code == 1
        assert f"entry {overrides['number']}: has no register record" in output

    def test_deleted_case_file_is_found(self, register):
        """Given a case file deleted with SQL together with its entry and movements
        (its register record cannot be deleted without disabling the triggers),
        then verify-register exits 1: the record lost its entry and the sequence has a gap."""
        entry = register[2]
        case = CaseFile.objects.get(pk=entry.case_id)
        # Rolled back to a savepoint afterwards: the dangling record would otherwise
        # fail the test database's own foreign-key check at teardown.
        with pytest.raises(_Rollback), transaction.atomic():
            sql("DELETE FROM registry_casemovement WHERE case_id = %s", [case.pk])
            sql("DELETE FROM registry_entry WHERE case_id = %s", [case.pk])
            assert sql("DELETE FROM registry_casefile WHERE id = %s", [case.pk]) == 1
            code, output = run_command("verify_register")
            raise _Rollback

        assert code == 1
        assert "[94-00] record 3: its entry was deleted" in output
        assert f"[94-00] 94-00-{case.sequence} " in output
        assert "a case file was deleted" in output


class TestCorrections:
    def test_a_correction_is_a_new_record_and_the_register_stays_valid(self, register, registrar):
        """Given a registered entry, when its subject is corrected through the service,
        then a new record points to the one it corrects, the old record is unchanged,
        and the register verifies."""
        entry = register[1]
        original = record("94-00", 2)

        correction = entry_correct(actor=registrar, entry=entry, changes={"subject": "Скица на имот 12"},
                                   reason="Грешно изписан номер на имота")

        assert correction.kind == RegisterRecord.Kind.CORRECTION
        assert correction.corrects_id == original.pk
        assert correction.position == 7 - 1  # five registrations in 94-00, then the correction
        assert RegisterRecord.objects.get(pk=original.pk).payload == original.payload
        code, output = run_command("verify_register")
        assert code == 0, output
        assert "register intact: 7 records in 2 indexes" in output

    def test_reverting_a_corrected_entry_with_sql_is_found(self, register, registrar):
        """Given a corrected entry, when its old subject is put back with SQL,
        then verify-register compares with the latest record (the correction) and fails."""
        entry = register[1]
        old_subject = entry.subject
        entry_correct(actor=registrar, entry=entry, changes={"subject": "Скица на имот 12"},
                      reason="Грешно изписан номер на имота")
        sql("UPDATE registry_entry SET subject = %s WHERE id = %s", [old_subject, entry.pk])

        code, output = run_command("verify_register")

        assert code == 1
        assert f"entry {entry.number} (record 6): differs from the register in: subject" in output
