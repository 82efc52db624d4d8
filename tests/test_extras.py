from __future__ import annotations

import pytest

from claimgraph.errors import ClaimgraphError, MissingExtraError
from claimgraph.extras import require


def test_require_returns_an_installed_module() -> None:
    assert require("json", "corpus").dumps([1]) == "[1]"


def test_require_names_the_extra_to_install_when_missing() -> None:
    with pytest.raises(MissingExtraError, match=r"claimgraph\[web\]") as info:
        require("claimgraph_no_such_module_xyz", "web")
    assert isinstance(info.value, ClaimgraphError)


def test_a_missing_base_dependency_says_to_reinstall_claimgraph() -> None:
    with pytest.raises(MissingExtraError, match="reinstall claimgraph") as info:
        require("claimgraph_no_such_module_xyz")
    assert "claimgraph[" not in str(info.value)
