import pytest
from django.core.exceptions import ValidationError

from gongkai.org.tests.factories import AgencyFactory


@pytest.mark.django_db
def test_agency_record_validates_its_credit_code():
    agency = AgencyFactory()
    agency.full_clean()  # the factory's record is itself valid
    agency.uscc = agency.uscc[:17] + ("0" if agency.uscc[17] != "0" else "1")
    with pytest.raises(ValidationError) as excinfo:
        agency.full_clean()
    assert "uscc" in excinfo.value.message_dict
