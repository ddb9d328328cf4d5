"""The ``certified`` tier: Arb ball enclosures (``balls``), branch and bound over the parameter box
(``bnb``), through the homogeneous reduction where it applies (``homogeneous``), and certificate replay
(``replay``)."""
from .balls import NotCertifiable, enclose
from .bnb import CertResult, certified_evidence
from .homogeneous import certify
from .replay import replay

__all__ = ["CertResult", "NotCertifiable", "certified_evidence", "certify", "enclose", "replay"]
