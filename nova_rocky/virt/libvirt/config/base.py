"""Base of the config classes that read and write libvirt XML.

Each class stands for one XML element family; ``format_dom`` builds an
ElementTree element from the object's attributes and ``parse_dom`` fills
the attributes from an element, so XML is never assembled from strings.
"""

from xml.etree import ElementTree as etree


class LibvirtConfigObject(object):
    """One libvirt XML element and, through its children, its subtree."""

    root_name = None

    def _new_node(self, tag=None, /, **attrs):
        node = etree.Element(tag or self.root_name)
        for key, value in attrs.items():
            if value is not None:
                node.set(key, str(value))
        return node

    @staticmethod
    def _text_node(tag, value, /, **attrs):
        node = etree.Element(tag)
        for key, attr in attrs.items():
            if attr is not None:
                node.set(key, str(attr))
        node.text = str(value)
        return node

    def format_dom(self):
        """Return this object as an ElementTree element."""
        return self._new_node()

    def parse_dom(self, node):
        """Fill this object from an ElementTree element."""

    def parse_str(self, xml_str):
        """Fill this object from an XML document."""
        self.parse_dom(etree.fromstring(xml_str))
        return self

    def to_xml(self):
        """Return the XML document of this object, indented for humans."""
        root = self.format_dom()
        etree.indent(root, space='  ')
        return etree.tostring(root, encoding='unicode') + '\n'


def yes_no(flag):
    """libvirt's spelling of a boolean attribute."""
    return 'yes' if flag else 'no'
